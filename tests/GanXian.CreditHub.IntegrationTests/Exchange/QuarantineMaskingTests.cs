using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;

namespace GanXian.CreditHub.IntegrationTests.Exchange;

/// <summary>ID numbers in a quarantine item's free text, file name and source values, and in the API's refusals (DOMAIN.md §6).</summary>
public sealed class QuarantineMaskingTests
{
    private const string Code = ExchangeRunTests.Employer;
    private const string IdNumber = "36072119900101123X";
    private const string Masked = "360721********123X";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Without_the_permission_no_part_of_an_item_shows_an_id_number(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider);
        // A file named after a person, and a tab before the ID number in a cell: JSON writes it as \t, and a mask
        // applied to the JSON text saw the letter t before the number and left it.
        bed.WriteFile($"{IdNumber}.csv", [$"{Code},110,202610,\"备注\t{IdNumber}\""]);
        await bed.RunAsync();
        var id = (await bed.QuarantineAsync()).Single().Id;
        using var officer = bed.Hub.CreateClient().As("alice", Roles.Officer);
        Assert.Equal(HttpStatusCode.NoContent,
            (await officer.PostAsJsonAsync($"/api/exchange/quarantine/{id}/dismiss", new { reason = $"金额列误填身份证号 {IdNumber}" })).StatusCode);

        foreach (var path in new[]
                 {
                     $"/api/exchange/quarantine/{id}", "/api/exchange/quarantine?status=all", "/api/exchange/quarantine/export?status=all",
                     $"/exchange/quarantine/{id}", "/exchange/quarantine?status=all",
                 })
        {
            var text = await officer.GetStringAsync(path);
            Assert.DoesNotContain(IdNumber, text);
            Assert.Contains(Masked, text);
        }

        var detail = (await officer.GetFromJsonAsync<JsonObject>($"/api/exchange/quarantine/{id}"))!;
        Assert.Equal($"金额列误填身份证号 {Masked}", detail["note"]!.GetValue<string>());
        Assert.Equal($"{Masked}.csv", detail["fileName"]!.GetValue<string>());
        Assert.Equal($"备注\t{Masked}", detail["original"]!["应缴金额"]!.GetValue<string>());

        // With the permission everything is shown as it is.
        using var permitted = bed.Hub.CreateClient();
        permitted.DefaultRequestHeaders.Add(TestAuthentication.Header, $"bob;{Roles.Officer};{Roles.PersonalDataPermission}");
        var full = (await permitted.GetFromJsonAsync<JsonObject>($"/api/exchange/quarantine/{id}"))!;
        Assert.Equal($"金额列误填身份证号 {IdNumber}", full["note"]!.GetValue<string>());
        Assert.Equal($"{IdNumber}.csv", full["fileName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refusal_never_echoes_an_id_number_not_even_to_someone_with_the_permission()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite);
        bed.WriteFile("a.csv", [$"{Code},110,202610,-5"]);
        await bed.RunAsync();
        var id = (await bed.QuarantineAsync()).Single().Id;
        using var client = bed.Hub.CreateClient();
        client.DefaultRequestHeaders.Add(TestAuthentication.Header, $"bob;{Roles.Officer};{Roles.PersonalDataPermission}");

        // An item number with the shape of an 18-digit ID number (all digits).
        const string digits = "360721199001011235";
        foreach (var response in new[]
                 {
                     await client.GetAsync($"/api/exchange/quarantine/{digits}"),
                     await client.PostAsJsonAsync($"/api/exchange/quarantine/{digits}/dismiss", new { reason = "x" }),
                     await client.PutAsJsonAsync($"/api/exchange/quarantine/{digits}/data", new { data = new { YJJE = 5 } }),
                 })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain(digits, await response.Content.ReadAsStringAsync());
        }

        // A value typed into the wrong field is quoted in the rule's message.
        var refused = await client.PatchAsJsonAsync($"/api/exchange/quarantine/{id}/data", new { data = new { YJJE = IdNumber } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.DoesNotContain(IdNumber, body);
        Assert.Contains(Masked, body);
    }
}
