using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;

namespace GanXian.CreditHub.IntegrationTests.Exchange;

/// <summary>The quarantine item page as HTML (no browser): what it says when an officer's decision is refused.</summary>
public sealed class QuarantineItemPageTests
{
    private const string Code = ExchangeRunTests.Employer;

    [Fact]
    public async Task A_decision_refused_because_another_officer_decided_first_shows_as_an_error_in_chinese()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite);
        bed.WriteFile("a.csv", [$"{Code},110,202610,-5"]);
        await bed.RunAsync();
        var id = (await bed.QuarantineAsync()).Single().Id;
        using var alice = bed.Hub.CreateClient().As("alice", Roles.Officer);
        using var bob = bed.Hub.CreateClient().As("bob", Roles.Officer);

        // Alice has the page open while Bob dismisses the item through the API.
        var token = await alice.FormTokenAsync($"/exchange/quarantine/{id}");
        Assert.Equal(HttpStatusCode.NoContent, (await bob.PostAsJsonAsync($"/api/exchange/quarantine/{id}/dismiss", new { reason = "重复导出" })).StatusCode);

        foreach (var (handler, field) in new[] { ("Dismiss", "reason"), ("Correct", "note") })
        {
            var response = await alice.PostAsync($"/exchange/quarantine/{id}?handler={handler}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, [field] = "已核实",
            }));
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var message = Regex.Match(html, "<p class=\"([a-z]+)\" role=\"([a-z]+)\">(隔离记录[^<]*)</p>");
            Assert.True(message.Success, html);
            Assert.Equal(("error", "alert"), (message.Groups[1].Value, message.Groups[2].Value));
            Assert.Contains("已忽略", message.Groups[3].Value);
            Assert.DoesNotContain("dismissed", html);
        }
    }

    /// <summary>A refused correction showed the officer's values again but an empty note: the explanation had to be retyped.</summary>
    [Fact]
    public async Task A_refused_correction_keeps_the_note_typed_with_it()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite);
        bed.WriteFile("a.csv", [$"{Code},110,202610,-5"]);
        await bed.RunAsync();
        var id = (await bed.QuarantineAsync()).Single().Id;
        using var officer = bed.Hub.CreateClient().As("alice", Roles.Officer);

        var token = await officer.FormTokenAsync($"/exchange/quarantine/{id}");
        var response = await officer.PostAsync($"/exchange/quarantine/{id}?handler=Correct", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["f_YJJE"] = "一百", ["note"] = "按缴费凭证更正 <第 2 次>",
        }));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("<div role=\"alert\">\\s*<p class=\"error\">更正后的数据仍未通过校验</p>", html);
        Assert.Contains("value=\"一百\"", html);
        // Each field's label is its Chinese name (a screen reader announced the platform's code, YJJE).
        Assert.Contains("<label for=\"f_YJJE\">应缴金额（必填）</label>", html);
        Assert.Contains("<input type=\"text\" id=\"note\" name=\"note\" value=\"按缴费凭证更正 &lt;第 2 次&gt;\">", html);
    }
}
