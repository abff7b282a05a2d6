using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;

namespace GanXian.CreditHub.IntegrationTests.Exchange;

/// <summary>What a correction leaves behind on its quarantine item, and bodies a correction cannot be read from.</summary>
public sealed class QuarantineCorrectionTests
{
    private const string Code = ExchangeRunTests.Employer;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_correction_of_the_business_key_points_the_item_at_the_record_it_created(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider);
        bed.WriteFile("a.csv", [$"{Code},110,202610,-5"]);
        await bed.RunAsync();
        using var client = bed.Hub.CreateClient().As("alice", Roles.Officer);
        var item = (await bed.QuarantineAsync()).Single();

        // The row was exported under the wrong insurance type: 120, not 110, is another business key.
        var corrected = await client.PutAsJsonAsync($"/api/exchange/quarantine/{item.Id}/data", new { data = TestRules.Data(Code, "120", "202610", 5m) });
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        var recordId = (await corrected.Content.ReadFromJsonAsync<JsonObject>())!["recordId"]!.GetValue<string>();
        Assert.NotEqual(item.RecordId, recordId);

        var detail = (await client.GetFromJsonAsync<JsonObject>($"/api/exchange/quarantine/{item.Id}"))!;
        Assert.Equal(recordId, detail["recordId"]!.GetValue<string>());
        Assert.Equal(RecordStates.Pending, detail["recordState"]?.GetValue<string>());
    }
    [Fact]
    public async Task A_body_with_a_field_given_twice_is_refused_with_400_naming_the_field()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite);
        bed.WriteFile("a.csv", [$"{Code},110,202610,-5"]);
        await bed.RunAsync();
        using var client = bed.Hub.CreateClient().As("alice", Roles.Officer);
        var id = (await bed.QuarantineAsync()).Single().Id;

        async Task RefusedAsync(HttpMethod method, string body, string field, string type = "application/json")
        {
            var response = await client.SendAsync(new HttpRequestMessage(method, $"/api/exchange/quarantine/{id}/data")
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8, type),
            });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var detail = (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>();
            Assert.Contains($"“{field}”", detail);
            Assert.Contains("重复", detail);
        }

        await RefusedAsync(HttpMethod.Put, """{"data": {"YJJE": 5, "SJJE": 5, "YJJE": 6}}""", "YJJE");
        await RefusedAsync(HttpMethod.Patch, """{"YJJE": 5, "YJJE": 6}""", "YJJE", "application/merge-patch+json");
        await RefusedAsync(HttpMethod.Put, """{"data": {"YJJE": 5}, "note": "a", "note": "b"}""", "note");
        // Two spellings of one field code (a camel-case client and a hand-written one) are the same field given twice.
        await RefusedAsync(HttpMethod.Patch, """{"data": {"YJJE": 5, "yjje": 6}}""", "YJJE");
        Assert.Equal(QuarantineStatuses.Open, (await bed.QuarantineAsync()).Single().Status);
    }
}
