using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;

namespace GanXian.CreditHub.IntegrationTests.Exchange;

/// <summary>
/// A page number so large that its offset does not fit an int: each list answers an empty page (there is nothing
/// there), where <c>(page - 1) * pageSize</c> wrapped around to a negative offset (PostgreSQL: 500; SQLite: the first
/// page again).
/// </summary>
public sealed class PagingTests
{
    private const string Code = ExchangeRunTests.Employer;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_page_beyond_the_int_range_is_an_empty_page_in_every_list(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider);
        bed.WriteFile("a.csv", [$"{Code},110,202610,100", $"{Code},120,202610,-5"]);
        await bed.RunAsync();
        using var client = bed.Hub.CreateClient().As("alice", Roles.Officer, Roles.Auditor);
        var far = int.MaxValue;

        foreach (var (path, size) in new[]
                 {
                     ("/api/exchange/quarantine", 50), ("/api/exchange/records", 500), ("/api/exchange/files", 3), ("/api/audit/entries", 500),
                 })
        {
            var response = await client.GetAsync($"{path}?page={far}&pageSize={size}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.True(body["items"]!.AsArray().Count == 0, $"{path}: {body}");
            Assert.Equal(far, body["page"]?.GetValue<int>() ?? body["pageNumber"]!.GetValue<int>());
        }

        // The pages: the list's count, and no row.
        foreach (var (path, row) in new[]
                 {
                     ("/exchange/quarantine?", "href=\"/exchange/quarantine/"), ("/exchange/records?", "href=\"/exchange/records/"),
                     ("/exchange/files?", "a.csv</td>"), ("/audit?chain=exchange&", "<td class=\"nowrap\">"),
                 })
        {
            var response = await client.GetAsync($"{path}p={far}");
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.DoesNotContain(row, html);
        }
    }
}
