using System.Net;
using System.Net.Http.Headers;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;

namespace GanXian.CreditHub.IntegrationTests.Exchange;

/// <summary>The exchange record page as HTML (no browser): an address that names no record.</summary>
public sealed class RecordItemPageTests
{
    /// <summary>
    /// A record number of blanks (<c>/exchange/records/%20</c>, a link cut short or typed) was a 500: model binding turns
    /// a blank value into null, which reached <c>RecordIds.CatalogOf</c>. No such record: the not-found page.
    /// </summary>
    [Fact]
    public async Task An_address_naming_a_blank_record_is_the_not_found_page()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite);
        using var officer = bed.Hub.CreateClient().As("alice", Roles.Officer);
        officer.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        // A valid token, so that a POST is refused for the address and not for the form.
        var token = await officer.FormTokenAsync("/exchange/quarantine");

        foreach (var path in new[] { "/exchange/records/%20", "/exchange/records/%20%20", "/exchange/records/%09" })
        {
            using var get = await officer.GetAsync(path);
            await AssertNotFoundPageAsync(get, $"GET {path}");
            using var post = await officer.PostAsync(path + "?handler=Withdraw", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["reason"] = "处罚决定已撤销", ["confirm"] = "true",
            }));
            await AssertNotFoundPageAsync(post, $"POST {path}");
        }

        // A record number that is not there at all is the same page.
        using var unknown = await officer.GetAsync("/exchange/records/SHBX_JFXX-0000");
        await AssertNotFoundPageAsync(unknown, "GET an unknown record");
    }

    private static async Task AssertNotFoundPageAsync(HttpResponseMessage response, string what)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{what}: {(int)response.StatusCode}");
        Assert.True(html.Contains("<h1>页面不存在</h1>", StringComparison.Ordinal), $"{what}: {html}");
    }
}
