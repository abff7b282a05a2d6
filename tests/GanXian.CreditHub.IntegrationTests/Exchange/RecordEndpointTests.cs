using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.IntegrationTests.Exchange;

/// <summary>An officer finds what became of a record and withdraws a published one (a revoked decision).</summary>
public sealed class RecordEndpointTests
{
    private const string Code = ExchangeRunTests.Employer;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_officer_withdraws_a_published_record_and_it_stays_withdrawn(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider);
        bed.WriteFile("a.csv", [$"{Code},110,202610,100", $"{Code},120,202610,200"]);
        await bed.RunAsync();
        using var client = bed.Hub.CreateClient().As("alice", Roles.Officer);

        var page = await client.GetFromJsonAsync<JsonObject>($"/api/exchange/records?entity={Code.ToLowerInvariant()}&state=Accepted");
        Assert.Equal(2, page!["total"]!.GetValue<int>());
        // By the employer's name, as officers know it; never by another field (the data-source unit is in every
        // record), and the input's % and _ are literal.
        async Task<int> Named(string name) =>
            (await client.GetFromJsonAsync<JsonObject>($"/api/exchange/records?name={Uri.EscapeDataString(name)}"))!["total"]!.GetValue<int>();
        Assert.Equal(2, await Named("示例企业"));
        Assert.Equal(0, await Named("人力资源和社会保障局"));
        Assert.Equal(0, await Named("%"));
        Assert.Equal(0, await Named("赣州市_例企业"));
        // A newer export of one of them is invalid: an open quarantine item, the accepted version still published.
        bed.WriteFile("c.csv", [$"{Code},110,202610,-7"]);
        await bed.RunAsync();
        var recordId = Assert.Single(await bed.QuarantineAsync()).RecordId!;
        var detail = await client.GetFromJsonAsync<JsonObject>($"/api/exchange/records/{recordId}");
        Assert.Equal(RecordStates.Accepted, detail!["record"]!["state"]!.GetValue<string>());
        Assert.StartsWith("P-", detail["record"]!["platformId"]!.GetValue<string>());
        Assert.Equal(Code, detail["data"]!["TYSHXYDM"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostAsJsonAsync($"/api/exchange/records/{recordId}/withdraw", new { reason = " " })).StatusCode);
        var withdrawn = await client.PostAsJsonAsync($"/api/exchange/records/{recordId}/withdraw", new { reason = "处罚决定已撤销" });
        Assert.True(withdrawn.StatusCode == HttpStatusCode.OK, await withdrawn.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/exchange/records/{recordId}/withdraw", new { reason = "再撤一次" })).StatusCode);
        Assert.Equal(QuarantineStatuses.Dismissed, Assert.Single(await bed.QuarantineAsync(null)).Status);

        Assert.Equal(ExchangeRunStatus.Completed, (await bed.RunAsync(ExchangeRunMode.PushOnly)).Status);
        Assert.Equal("withdrawn", bed.Sim.Records(ExchangeTestBed.Catalog).Single(r => r.RecordId == recordId).Status);
        var bodies = await bed.QueryAsync(db => db.Set<ExchangeBatch>().AsNoTracking().Select(b => b.Body).ToListAsync());
        Assert.Contains(bodies, b => b.Contains("处罚决定已撤销", StringComparison.Ordinal));
        Assert.Contains(await bed.AuditAsync(), e => e.Kind == "record.withdraw-requested" && e.Actor == "alice" && e.RecordId == recordId);

        // The source system still exports it, with a change: the data follows, the withdrawal stands.
        bed.WriteFile("b.csv", [$"{Code},110,202610,150", $"{Code},120,202610,250"]);
        await bed.RunAsync();
        var records = await bed.RecordsAsync();
        var kept = records.Single(r => r.RecordId == recordId);
        Assert.Equal((RecordStates.Withdrawn, "alice"), (kept.State, kept.WithdrawnBy));
        Assert.Equal(150m, JsonNode.Parse(kept.Data)!["YJJE"]!.GetValue<decimal>());
        Assert.Equal("withdrawn", bed.Sim.Records(ExchangeTestBed.Catalog).Single(r => r.RecordId == recordId).Status);
        Assert.Equal(RecordStates.Accepted, records.Single(r => r.RecordId != recordId).State);

        // Refusals are problems like every error under /api, the reason in detail.
        var missing = await client.GetAsync("/api/exchange/records/SHBX_JFXX-NOSUCH");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal("记录 SHBX_JFXX-NOSUCH 不存在", (await missing.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
        var again = await client.PostAsJsonAsync($"/api/exchange/records/{recordId}/withdraw", new { reason = "再撤一次" });
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Contains("撤回", (await again.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
        // A record id is typed by a person, who may paste an ID number: the refusal does not echo it whole.
        var unknown = await client.GetAsync("/api/exchange/records/360721198506123015");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("360721********3015", await unknown.Content.ReadAsStringAsync());
        var withdrawal = await client.PostAsJsonAsync("/api/exchange/records/360721198506123015/withdraw", new { reason = "测试" });
        Assert.DoesNotContain("360721198506123015", await withdrawal.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/exchange/records?state=published")).StatusCode);
        // A record number of blanks names no record.
        foreach (var blank in new[] { await client.GetAsync("/api/exchange/records/%20"), await client.PostAsJsonAsync("/api/exchange/records/%20%20/withdraw", new { reason = "测试" }) })
        {
            Assert.Equal((HttpStatusCode.NotFound, "application/problem+json"), (blank.StatusCode, blank.Content.Headers.ContentType?.MediaType));
        }
    }

    [Fact]
    public async Task A_record_the_platform_never_held_is_withdrawn_without_sending()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite);
        using var client = bed.Hub.CreateClient().As("alice", Roles.Officer);
        // Quarantined at import, then corrected: pending, never sent.
        bed.WriteFile("a.csv", [$"{Code},110,202610,-5"]);
        await bed.RunAsync();
        var first = Assert.Single(await bed.QuarantineAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/exchange/quarantine/{first.Id}/data", TestRules.Data(Code, "110", "202610", 5m))).StatusCode);
        var pending = Assert.Single(await bed.RecordsAsync());
        Assert.Equal(RecordStates.Pending, pending.State);

        var withdrawn = await client.PostAsJsonAsync($"/api/exchange/records/{pending.RecordId}/withdraw", new { reason = "数据有误（经办人 36072119900101123X 核实），不予公示" });
        var view = (await withdrawn.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(RecordStates.Withdrawn, view["state"]!.GetValue<string>());
        // An ID number typed into the reason is masked before it is stored, logged or sent.
        Assert.Equal("数据有误（经办人 360721********123X 核实），不予公示", view["withdrawReason"]!.GetValue<string>());
        Assert.DoesNotContain(await bed.AuditAsync(), e => e.Detail?.Contains("36072119900101123X", StringComparison.Ordinal) == true);

        await bed.RunAsync(ExchangeRunMode.PushOnly);
        Assert.Empty(bed.Held());
    }
}
