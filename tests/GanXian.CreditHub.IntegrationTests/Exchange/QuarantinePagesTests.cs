using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using GanXian.CreditHub.IntegrationTests.Web;
using Microsoft.Playwright;

namespace GanXian.CreditHub.IntegrationTests.Exchange;

/// <summary>An officer works through the quarantine in a real browser: list, detail, a refused and an accepted correction, a dismissal, "send now".</summary>
[Collection(BrowserPages.Collection)]
public sealed class QuarantinePagesTests
{
    private const string Code = ExchangeRunTests.Employer;
    private const string IdNumber = "36072119900101123X";

    [Fact]
    public async Task An_officer_corrects_dismisses_and_sends_in_the_browser_without_seeing_id_numbers()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite, realSignIn: true);
        bed.WriteFile("jf.csv", [$"{Code},110,202610,100", $"{Code},210,202610,abc", $"{Code},310,202610,{IdNumber}"]);
        await bed.RunAsync();
        var items = await bed.QuarantineAsync();
        Assert.Equal(2, items.Count);
        var (bad, withId) = (items.Single(i => i.SourceRow == 3), items.Single(i => i.SourceRow == 4));
        await bed.Hub.CreateUserAsync("zhao.min", [Roles.Officer]);

        await using var browser = await BrowserSession.StartAsync(bed.Hub.BaseAddress);
        var (page, _) = await browser.SignInAsync("zhao.min", TestIdentity.Password);
        // The home page gives officers the exchange at a glance.
        var home = await page.Locator("main").InnerTextAsync();
        Assert.Contains("交换概况", home);
        Assert.Matches(@"待处理隔离记录\s+2 条", home);
        Assert.Matches(@"平台已接收\s+1 条", home);
        await BrowserPages.ClickToPageAsync(page, page.Locator("header nav a", new() { HasText = "隔离记录" }));
        Assert.EndsWith("/exchange/quarantine", page.Url, StringComparison.Ordinal);

        var list = await page.Locator("main").InnerTextAsync();
        Assert.Contains("共 2 条", list);
        Assert.Contains("jf.csv 第 3 行", list);
        Assert.Contains("360721********123X", list);
        Assert.DoesNotContain(IdNumber, await page.ContentAsync());

        // A correction that still breaks a rule is refused with the rule, and nothing changes.
        await BrowserPages.ClickToPageAsync(page, page.Locator($"a[href='/exchange/quarantine/{bad.Id}']"));
        Assert.EndsWith($"/exchange/quarantine/{bad.Id}", page.Url, StringComparison.Ordinal);
        Assert.Contains("应缴金额", await page.Locator("main").InnerTextAsync());
        // An all-digit credit code (事业单位) has the shape of an ID number; as a valid credit code in a credit-code
        // field and column it is shown as it is, while the ID number typed into the amount stays masked elsewhere.
        Assert.Equal(Code, await page.InputValueAsync("#f_TYSHXYDM"));
        Assert.Contains(Code, await page.Locator("main").InnerTextAsync()); // the original values' table
        await page.FillAsync("#f_YJJE", "一百");
        await SubmitAsync(page, "保存更正");
        Assert.Contains("不是有效的金额或数值", await page.Locator("ul.issues").InnerTextAsync()); // the import's own message
        // Written as an export writes it: the date with slashes.
        await page.FillAsync("#f_YJJE", "100");
        await page.FillAsync("#f_SJJE", "100");
        await page.FillAsync("#f_QJJE", "0");
        await page.FillAsync("#f_TJRQ", "2026/11/29");
        await page.FillAsync("#note", "按缴费凭证更正");
        await SubmitAsync(page, "保存更正");
        Assert.EndsWith("?done=1", page.Url, StringComparison.Ordinal);
        var detail = await page.Locator("main").InnerTextAsync();
        Assert.Contains("已更正", detail);
        Assert.Contains("待发送", detail);
        Assert.Contains("\"TJRQ\":\"2026-11-29\"", (await bed.RecordsAsync()).Single(r => r.State == RecordStates.Pending).Data);

        // Dismissing needs a reason.
        await page.GotoAsync($"/exchange/quarantine/{withId.Id}");
        Assert.DoesNotContain(IdNumber, await page.ContentAsync());
        await SubmitAsync(page, "忽略此记录");
        Assert.Contains("须填写原因", await page.Locator("main").InnerTextAsync());
        await page.FillAsync("#reason", "金额列误填身份证号，已通知社保系统重新导出");
        await SubmitAsync(page, "忽略此记录");
        Assert.EndsWith("?done=1", page.Url, StringComparison.Ordinal);
        Assert.Contains("已忽略", await page.Locator("main").InnerTextAsync());

        // "Send now" pushes the corrected record.
        await page.GotoAsync("/exchange/quarantine");
        Assert.Contains("共 0 条", await page.Locator("main").InnerTextAsync());
        await SubmitAsync(page, "立即发送待发记录");
        Assert.Contains("已发送 1", await page.Locator(".notice").InnerTextAsync());
        Assert.Equal(2, bed.Held().Count);
        Assert.Equal(QuarantineStatuses.Corrected, (await bed.QuarantineAsync(null)).Single(i => i.Id == bad.Id).Status);
        Assert.Contains(await bed.AuditAsync(), e => e.Kind == "record.corrected" && e.Actor == "zhao.min");
        Assert.Contains(await bed.AuditAsync(), e => e.Kind == "quarantine.dismissed" && e.Actor == "zhao.min");

        // An evaluator does not see the entry and is refused the page.
        await bed.Hub.CreateUserAsync("qian.li", [Roles.Evaluator]);
        var (evaluator, _) = await browser.SignInAsync("qian.li", TestIdentity.Password);
        Assert.Equal(0, await evaluator.Locator("header nav a", new() { HasText = "隔离记录" }).CountAsync());
        Assert.DoesNotContain("交换概况", await evaluator.Locator("main").InnerTextAsync());
        var refused = await evaluator.GotoAsync("/exchange/quarantine");
        Assert.Equal(403, refused!.Status);

        Assert.Empty(browser.CspViolations);
    }

    private static Task SubmitAsync(IPage page, string button) => BrowserPages.SubmitAsync(page, page.Locator("main button", new() { HasText = button }));
}
