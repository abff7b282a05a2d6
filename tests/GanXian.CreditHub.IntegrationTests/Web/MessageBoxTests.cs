extern alias simulator;
using System.Net;
using System.Text.RegularExpressions;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange.Pages;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Exchange;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using simulator::GanXian.CreditHub.PlatformSimulator;

namespace GanXian.CreditHub.IntegrationTests.Web;

/// <summary>
/// The pages' message boxes as HTML (no browser): an error or refusal is <c>role="alert"</c>, a success or information
/// <c>role="status"</c>, on every page (<c>Web/Shared/_Message.cshtml</c>). Before, a refused upload was a polite status,
/// and the quarantine, record, jobs and audit pages' boxes had no role: a screen reader said nothing of them.
/// </summary>
public sealed partial class MessageBoxTests
{
    private const string Code = ExchangeRunTests.Employer;

    [Fact]
    public async Task Every_page_shows_errors_as_alerts_and_successes_as_statuses()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite);
        bed.WriteFile("a.csv", [$"{Code},110,202610,100", $"{Code},210,202610,-5"]);
        bed.Sim.SetFaults(new SimulatorFaults { ErrorNext = 1 });
        await bed.RunAsync(); // the valid record waits to be sent
        var quarantined = (await bed.QuarantineAsync()).Single().Id;
        await bed.Hub.CreateUserAsync("wang.li", [Roles.Officer]);
        using var officer = bed.Hub.CreateClient().As("olga", Roles.Officer);
        using var auditor = bed.Hub.CreateClient().As("ann", Roles.Auditor);
        using var admin = bed.Hub.CreateClient().As("root", Roles.Administrator);
        using var anonymous = bed.Hub.CreateClient();

        await PostAsync(officer, "/exchange/files?handler=Upload", "error", "请选择要上传的文件", ("uploadSource", "shbx-jfxx"));
        // "Send now" that could not send is a failure too (it was a green notice).
        bed.Sim.SetFaults(new SimulatorFaults { ErrorNext = 1 });
        await PostAsync(officer, "/exchange/quarantine?handler=Resubmit", "error", "平台暂不可用");
        await PostAsync(officer, "/exchange/quarantine?handler=Resubmit", "notice", "已接收 1");
        await PostAsync(officer, $"/exchange/quarantine/{quarantined}?handler=Dismiss", "error", "忽略隔离记录须填写原因。");
        // A refused correction: its problems are in the same box, read out together with it.
        var correction = await PostAsync(officer, $"/exchange/quarantine/{quarantined}?handler=Correct", "error", "更正后的数据仍未通过校验", ("f_YJJE", "一百"));
        Assert.Matches("<div role=\"alert\">\\s*<p class=\"error\">更正后的数据仍未通过校验</p>\\s*<ul class=\"error issues\">\\s*<li>YJJE：", correction);
        await GetAsync(officer, "/exchange/records?state=bogus", "error", "状态");
        var record = RecordPages.ItemPath((await bed.RecordsAsync()).Single().RecordId);
        await PostAsync(officer, record + "?handler=Withdraw", "error", "请勾选", ("reason", "处罚决定已撤销"));
        await PostAsync(officer, record + "?handler=Withdraw", "notice", "已标记撤回", ("reason", "处罚决定已撤销"), ("confirm", "true"));
        await PostAsync(admin, "/jobs?handler=Run", "notice", "任务 exchange：成功", ("name", "exchange"));

        await GetAsync(auditor, "/audit?chain=exchange&since=abc", "error", "开始日期“abc”不是有效的日期");
        await PostAsync(auditor, "/audit?handler=Verify", "notice", "交换日志", ("chain", "exchange"));

        await PostAsync(admin, "/admin/accounts/new-user", "error", "用户名须为", ("UserName", "x"), ("SelectedRoles", Roles.Officer));
        await PostAsync(admin, "/admin/accounts/new-apikey", "notice", "已创建 API 密钥 ebid", ("Name", "ebid"), ("SelectedRoles", Roles.Evaluator));
        await PostAsync(admin, "/admin/accounts/apikeys/ebid/revoke", "notice", "已吊销 API 密钥 ebid"); // and back to the list
        await GetAsync(admin, "/admin/accounts/apikeys/ebid/revoke", "error", "密钥 ebid 已于"); // revoked already: a refusal
        await PostAsync(admin, "/admin/accounts/users/wang.li?handler=Roles", "notice", "已保存角色与权限", ("SelectedRoles", Roles.Auditor));
        await PostAsync(admin, "/admin/accounts/users/wang.li?handler=Roles", "error", "至少需要一个角色");
        await GetAsync(admin, "/account/password", "error", "当前以 API 密钥访问"); // the test scheme is not a cookie sign-in
        await PostAsync(anonymous, IdentityComposition.LoginPath, "error", "用户名或密码错误。", ("UserName", "wang.li"), ("Password", "not-the-password"));
    }

    private static async Task<string> GetAsync(HttpClient client, string path, string css, string text)
    {
        using var response = await client.GetAsync(path);
        return await AssertBoxAsync(response, css, text);
    }

    /// <summary>Posts <paramref name="fields"/> with the token of the form on the page (the path without its query); follows a redirect.</summary>
    private static async Task<string> PostAsync(HttpClient client, string path, string css, string text, params (string Name, string Value)[] fields)
    {
        var token = await client.FormTokenAsync(path.Split('?')[0]);
        using var response = await client.PostAsync(path, new FormUrlEncodedContent(
            [.. fields.Select(f => KeyValuePair.Create(f.Name, f.Value)), KeyValuePair.Create("__RequestVerificationToken", token)]));
        return await AssertBoxAsync(response, css, text);
    }

    /// <summary>The page has exactly one message box, of <paramref name="css"/>, with the role that goes with it.</summary>
    private static async Task<string> AssertBoxAsync(HttpResponseMessage response, string css, string text)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.RequestMessage!.RequestUri}: {(int)response.StatusCode}");
        var box = Assert.Single(Boxes(html));
        Assert.Equal((css, css == "error" ? "alert" : "status"), (box.Css, box.Role));
        Assert.Contains(text, box.Text, StringComparison.Ordinal);
        return html;
    }

    /// <summary>Each message box: its class, its role (its own or that of the box around it and its lines), and its text.</summary>
    private static IEnumerable<(string Css, string Role, string Text)> Boxes(string html) =>
        Box().Matches(html).Select(m => (m.Groups["css"].Value, m.Groups["role"].Success ? m.Groups["role"].Value : m.Groups["outer"].Value, m.Groups["text"].Value));

    [GeneratedRegex("(?:<div role=\"(?<outer>[a-z]+)\">\\s*)?<p class=\"(?<css>error|notice)\"(?: role=\"(?<role>[a-z]+)\")?>(?<text>[^<]*)</p>")]
    private static partial Regex Box();
}
