using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using GanXian.CreditHub.IntegrationTests.Web;
using Microsoft.Playwright;

namespace GanXian.CreditHub.IntegrationTests.Exchange;

/// <summary>An officer looks up an employer's records in a real browser and withdraws one from public display.</summary>
[Collection(BrowserPages.Collection)]
public sealed class RecordPagesTests
{
    private const string Code = ExchangeRunTests.Employer;

    [Fact]
    public async Task An_officer_finds_a_record_and_withdraws_it_with_a_reason()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite, realSignIn: true);
        bed.WriteFile("jf.csv", [$"{Code},110,202610,100", $"{Code},210,202610,50"]);
        await bed.RunAsync();
        await bed.Hub.CreateUserAsync("zhao.min", [Roles.Officer]);

        await using var browser = await BrowserSession.StartAsync(bed.Hub.BaseAddress);
        var (page, _) = await browser.SignInAsync("zhao.min", TestIdentity.Password);
        await BrowserPages.ClickToPageAsync(page, page.Locator("header nav a", new() { HasText = "交换记录" }));
        await page.FillAsync("input[name=entity]", Code);
        await SubmitAsync(page, "查询");
        var list = await page.Locator("main").InnerTextAsync();
        Assert.Contains("共 2 条", list);
        await page.FillAsync("input[name=entity]", "");
        await page.FillAsync("input[name=name]", "示例企业");
        await SubmitAsync(page, "查询");
        Assert.Contains("共 2 条", await page.Locator("main").InnerTextAsync());
        Assert.Contains("平台已接收", list);

        var target = (await bed.RecordsAsync()).Single(r => r.Data.Contains("\"XZLX\":\"210\"", StringComparison.Ordinal));
        // Each row says what the record is: the employer's name and the business key by field names.
        Assert.Contains("赣州市示例企业有限公司", list);
        Assert.Contains("险种类型 210，费款所属期 202610", list);
        await BrowserPages.ClickToPageAsync(page, page.Locator($"main a[title='{target.RecordId}']"));
        var detail = await page.Locator("main").InnerTextAsync();
        Assert.Contains(target.PlatformId!, detail);
        Assert.Contains("险种类型", detail); // the catalogue's field names, not only the codes

        await SubmitAsync(page, "撤回公示");
        Assert.Contains("请填写撤回原因", await page.Locator(".error").InnerTextAsync());
        await page.FillAsync("#reason", "缴费记录由社保系统更正为作废");
        await SubmitAsync(page, "撤回公示");
        // Not yet: the officer confirms, and the reason typed is still there.
        Assert.Contains("请勾选", await page.Locator(".error").InnerTextAsync());
        Assert.Equal("缴费记录由社保系统更正为作废", await page.InputValueAsync("#reason"));
        Assert.Null((await bed.RecordsAsync()).Single(r => r.RecordId == target.RecordId).WithdrawnBy);
        await page.CheckAsync("#confirm");
        await SubmitAsync(page, "撤回公示");
        Assert.Contains("已标记撤回", await page.Locator(".notice").InnerTextAsync());
        Assert.Contains("撤回待发送", await page.Locator("main").InnerTextAsync());
        Assert.Equal(0, await page.Locator("main button", new() { HasText = "撤回公示" }).CountAsync());

        await bed.RunAsync(ExchangeRunMode.PushOnly);
        Assert.Equal("withdrawn", bed.Sim.Records(ExchangeTestBed.Catalog).Single(r => r.RecordId == target.RecordId).Status);
        Assert.Empty(browser.CspViolations);
    }

    private static Task SubmitAsync(IPage page, string button) => BrowserPages.SubmitAsync(page, page.Locator("main button", new() { HasText = button }));
}
