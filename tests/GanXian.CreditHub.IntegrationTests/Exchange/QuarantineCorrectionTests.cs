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
}
