using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GanXian.CreditHub.IntegrationTests.Exchange;

/// <summary>Two officers decide on one quarantine item at the same moment: exactly one decision stands.</summary>
public sealed class QuarantineRaceTests
{
    private const string Code = ExchangeRunTests.Employer;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Of_two_simultaneous_decisions_on_one_item_one_wins_and_the_other_gets_409(DatabaseProvider provider)
    {
        var gate = new Rendezvous();
        await using var bed = await ExchangeTestBed.StartAsync(provider, services: s => gate.Wrap(s));
        bed.WriteFile("a.csv", [$"{Code},110,202610,-5", $"{Code},120,202610,-6"]);
        await bed.RunAsync();
        var ids = (await bed.QuarantineAsync()).Select(i => i.Id).Order().ToList();
        using var alice = bed.Hub.CreateClient().As("alice", Roles.Officer);
        using var bob = bed.Hub.CreateClient().As("bob", Roles.Officer);

        // Two dismissals of the first item.
        var dismissals = await Task.WhenAll(
            alice.PostAsJsonAsync($"/api/exchange/quarantine/{ids[0]}/dismiss", new { reason = "重复导出" }),
            bob.PostAsJsonAsync($"/api/exchange/quarantine/{ids[0]}/dismiss", new { reason = "已在下一期更正" }));
        await OneWinsAsync(dismissals, HttpStatusCode.NoContent);

        // A correction and a dismissal of the second.
        gate.Reset();
        var mixed = await Task.WhenAll(
            alice.PutAsJsonAsync($"/api/exchange/quarantine/{ids[1]}/data", new { data = TestRules.Data(Code, "120", "202610", 6m) }),
            bob.PostAsJsonAsync($"/api/exchange/quarantine/{ids[1]}/dismiss", new { reason = "重复导出" }));
        Assert.Single(mixed, r => r.IsSuccessStatusCode);
        await OneWinsAsync(mixed, mixed[0].IsSuccessStatusCode ? HttpStatusCode.OK : HttpStatusCode.NoContent);

        // The log holds one decision per item, and the corrected record exists only when the correction won.
        var decisions = (await bed.AuditAsync()).Where(e => e.Kind is "record.corrected" or "quarantine.dismissed").ToList();
        Assert.Equal(2, decisions.Count);
        Assert.Equal(mixed[0].IsSuccessStatusCode ? 1 : 0, (await bed.RecordsAsync()).Count);
    }

    private static async Task OneWinsAsync(HttpResponseMessage[] responses, HttpStatusCode won)
    {
        Assert.Single(responses, r => r.StatusCode == won);
        var lost = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.Equal("application/problem+json", lost.Content.Headers.ContentType?.MediaType);
        Assert.Contains("已被他人处理", (await lost.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
    }

    /// <summary>
    /// Holds the first decision's log entry, which is written inside its transaction, until the second request gets
    /// there too or 3 s pass: so both requests have read the item as open before either commits, the window in which
    /// a check made before the transaction let both through.
    /// </summary>
    private sealed class Rendezvous
    {
        private int arrivals;
        private TaskCompletionSource second = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Reset() => (arrivals, second) = (0, new(TaskCreationOptions.RunContinuationsAsynchronously));

        public void Wrap(IServiceCollection services)
        {
            var inner = services.Single(d => d.ServiceType == typeof(IAuditLog));
            services.RemoveAll<IAuditLog>();
            services.AddSingleton<IAuditLog>(sp => new Gated(
                inner.ImplementationInstance as IAuditLog ?? (IAuditLog)(inner.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!)),
                this));
        }

        private async Task ArriveAsync(CancellationToken ct)
        {
            if (Interlocked.Increment(ref arrivals) == 1)
            {
                await Task.WhenAny(second.Task, Task.Delay(TimeSpan.FromSeconds(3), ct));
            }
            else
            {
                second.TrySetResult();
            }
        }

        private sealed class Gated(IAuditLog inner, Rendezvous gate) : IAuditLog
        {
            public async Task AppendAsync(CreditHubDbContext db, IReadOnlyList<LogEvent> events, CancellationToken ct)
            {
                if (events.Any(e => e.Kind is "record.corrected" or "quarantine.dismissed"))
                {
                    await gate.ArriveAsync(ct);
                }

                await inner.AppendAsync(db, events, ct);
            }
        }
    }
}
