using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;

namespace GanXian.CreditHub.IntegrationTests.Exchange;

/// <summary>
/// The quarantine, files and records lists as HTML (no browser) with filter values from the address that name nothing (a
/// bookmark from an older version, a link typed by hand): an unknown status or catalogue matched nothing, which read as
/// "no open items", and an unknown outcome was dropped without a word. Now the page says so and lists all.
/// </summary>
public sealed partial class ListFilterPageTests
{
    private const string Code = ExchangeRunTests.Employer;
    private const string IdNumber = "36072119900101123X";

    [Fact]
    public async Task An_unknown_quarantine_filter_value_is_named_and_the_list_shows_all()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite);
        bed.WriteFile("a.csv", [$"{Code},110,202610,-5", $"{Code},210,202610,-5"]);
        await bed.RunAsync();
        using var officer = bed.Hub.CreateClient().As("alice", Roles.Officer);
        var dismissed = (await bed.QuarantineAsync()).First().Id;
        Assert.Equal(HttpStatusCode.NoContent, (await officer.PostAsJsonAsync($"/api/exchange/quarantine/{dismissed}/dismiss", new { reason = "重复导出" })).StatusCode);

        // Known values, in any case, and blank ones filter as they did, without a word.
        Assert.Contains("共 1 条", await NoBoxAsync(officer, "/exchange/quarantine"));
        Assert.Contains("共 1 条", await NoBoxAsync(officer, "/exchange/quarantine?status=DISMISSED&catalog=shbx_jfxx"));
        Assert.Contains("共 2 条", await NoBoxAsync(officer, "/exchange/quarantine?status=all&catalog="));
        Assert.Contains("共 2 条", await NoBoxAsync(officer, "/exchange/quarantine?status=%20&catalog=%20"));

        var status = await ErrorBoxAsync(officer, "/exchange/quarantine?status=bogus", "筛选条件“状态”的值“bogus”无效，已显示全部。");
        Assert.Contains("共 2 条", status);
        Assert.Contains("<option value=\"all\" selected=\"selected\">全部</option>", status);
        Assert.DoesNotContain("status=bogus", status); // nor in the paging and export links

        // Only the unknown one is dropped: the status (open, the page's default) still filters.
        var catalog = await ErrorBoxAsync(officer, "/exchange/quarantine?catalog=NOPE", "筛选条件“目录”的值“NOPE”无效，已显示全部。");
        Assert.Contains("共 1 条", catalog);
        var both = await ErrorBoxAsync(officer, "/exchange/quarantine?status=opened&catalog=NOPE",
            "筛选条件“状态”的值“opened”无效，已显示全部。 筛选条件“目录”的值“NOPE”无效，已显示全部。");
        Assert.Contains("共 2 条", both);

        // The value is shown as typed, but an ID number in it masked and markup as text.
        var masked = await ErrorBoxAsync(officer, $"/exchange/quarantine?catalog={IdNumber}", "筛选条件“目录”的值“360721********123X”无效，已显示全部。");
        Assert.DoesNotContain(IdNumber, masked);
        await ErrorBoxAsync(officer, "/exchange/quarantine?status=%3Cb%3Ex", "筛选条件“状态”的值“&lt;b&gt;x”无效，已显示全部。");
    }

    [Fact]
    public async Task An_unknown_files_filter_value_is_named_and_the_list_shows_all()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite);
        bed.WriteFile("a.csv", [$"{Code},110,202610,100"]);
        File.WriteAllText(Path.Combine(bed.Inbox, "名单.csv"), "姓名,电话\n张三,123\n"); // rejected: not the export's columns
        await bed.RunAsync();
        using var officer = bed.Hub.CreateClient().As("alice", Roles.Officer);

        Assert.Contains("共 2 个文件", await NoBoxAsync(officer, "/exchange/files"));
        Assert.Contains("共 1 个文件", await NoBoxAsync(officer, "/exchange/files?outcome=rejected&source=shbx-jfxx"));
        Assert.Contains("共 1 个文件", await NoBoxAsync(officer, "/exchange/files?outcome=ARCHIVED&source=SHBX-JFXX"));

        var outcome = await ErrorBoxAsync(officer, "/exchange/files?outcome=failed", "筛选条件“结果”的值“failed”无效，已显示全部。");
        Assert.Contains("共 2 个文件", outcome);
        var source = await ErrorBoxAsync(officer, "/exchange/files?source=shbx&outcome=rejected", "筛选条件“数据来源”的值“shbx”无效，已显示全部。");
        Assert.Contains("共 1 个文件", source);
        Assert.DoesNotContain("source=shbx&", source);
    }

    [Fact]
    public async Task An_unknown_records_filter_value_is_named_and_the_list_shows_all()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite);
        bed.WriteFile("a.csv", [$"{Code},110,202610,100", $"{Code},210,202610,100"]);
        await bed.RunAsync();
        using var officer = bed.Hub.CreateClient().As("alice", Roles.Officer);

        Assert.Contains("共 2 条", await NoBoxAsync(officer, "/exchange/records?state=ACCEPTED&catalog=shbx_jfxx"));
        Assert.Contains("共 0 条", await NoBoxAsync(officer, "/exchange/records?state=pending"));

        // It showed the error and no list at all.
        var state = await ErrorBoxAsync(officer, "/exchange/records?state=published", "筛选条件“状态”的值“published”无效，已显示全部。");
        Assert.Contains("共 2 条", state);
        Assert.Equal(2, Regex.Count(state, "<td class=\"nowrap\">平台已接收</td>"));
        var catalog = await ErrorBoxAsync(officer, "/exchange/records?catalog=NOPE&state=pending", "筛选条件“目录”的值“NOPE”无效，已显示全部。");
        Assert.Contains("共 0 条", catalog); // the known state still filters
    }

    /// <summary>The page, which has no message box.</summary>
    private static async Task<string> NoBoxAsync(HttpClient client, string path)
    {
        var html = await PageAsync(client, path);
        Assert.False(Box().IsMatch(html), $"{path}: {Box().Match(html).Value}");
        return html;
    }

    /// <summary>The page, whose one message box is the error <paramref name="text"/> (as HTML).</summary>
    private static async Task<string> ErrorBoxAsync(HttpClient client, string path, string text)
    {
        var html = await PageAsync(client, path);
        var box = Assert.Single(Box().Matches(html));
        Assert.Equal($"<p class=\"error\" role=\"alert\">{text}</p>", box.Value);
        return html;
    }

    private static async Task<string> PageAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {html}");
        return html;
    }

    [GeneratedRegex("<p class=\"(?:error|notice)\"[^>]*>[^<]*</p>")]
    private static partial Regex Box();
}
