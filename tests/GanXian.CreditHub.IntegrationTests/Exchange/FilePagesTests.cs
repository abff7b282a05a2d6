using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using GanXian.CreditHub.IntegrationTests.Web;
using Microsoft.Playwright;

namespace GanXian.CreditHub.IntegrationTests.Exchange;

/// <summary>An officer uploads a corrected export in a real browser and sees it imported, and what each file became.</summary>
[Collection(BrowserPages.Collection)]
public sealed class FilePagesTests
{
    private const string Code = ExchangeRunTests.Employer;

    [Fact]
    public async Task An_officer_uploads_an_export_and_it_is_imported_and_listed()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite, realSignIn: true);
        bed.WriteFile("jf_202609.csv", [$"{Code},110,202609,100", $"{Code},110,202609X,100"]);
        File.WriteAllText(Path.Combine(bed.Inbox, "名单.csv"), "姓名,电话\n张三,123\n");
        await bed.RunAsync();
        bed.WriteFile("jf_202608.csv", [$"{Code},110,202608,100"]);
        await bed.Hub.CreateUserAsync("zhao.min", [Roles.Officer]);
        var local = ExchangeTestBed.WriteExport(Path.Combine(bed.Root, "desktop"), "更正_202610.csv", [$"{Code},110,202610,120", $"{Code},210,202610,30"]);

        await using var browser = await BrowserSession.StartAsync(bed.Hub.BaseAddress);
        var (page, _) = await browser.SignInAsync("zhao.min", TestIdentity.Password);
        // The home page says what waits in the inboxes and what was refused lately.
        var home = await page.Locator("main").InnerTextAsync();
        Assert.Matches(@"收件目录待读取\s+1 个文件", home);
        Assert.Matches(@"近 7 天拒收的文件\s+1 个", home);
        await BrowserPages.ClickToPageAsync(page, page.Locator("header nav a", new() { HasText = "文件" }));
        var before = await page.Locator("main").InnerTextAsync();
        Assert.Contains("jf_202609.csv", before);
        Assert.Contains("jf_202608.csv", await page.Locator("main table").First.InnerTextAsync());
        Assert.Contains("缺少", await page.Locator("main table tr", new() { HasText = "名单.csv" }).InnerTextAsync());
        // The earlier file's quarantined row links to its quarantine items.
        Assert.Equal(1, await page.Locator("main a[href*='/exchange/quarantine?']").CountAsync());

        await page.SetInputFilesAsync("input[type=file]", local);
        await BrowserPages.SubmitAsync(page, page.Locator("main button", new() { HasText = "上传" }));
        var notice = await page.Locator(".notice").InnerTextAsync();
        Assert.Contains("已导入：读取 2 条，有效 2 条", notice);
        Assert.Contains("更正_202610.csv", await page.Locator("main table").Last.InnerTextAsync());
        Assert.Equal(4, bed.Held().Count); // the file waiting in the inbox went with it

        // The same file again: refused on the spot, nothing waits in the inbox.
        await page.SetInputFilesAsync("input[type=file]", local);
        await BrowserPages.SubmitAsync(page, page.Locator("main button", new() { HasText = "上传" }));
        Assert.Contains("完全相同", await page.Locator(".error").InnerTextAsync());
        Assert.Empty(Directory.EnumerateFiles(bed.Inbox));
        Assert.Empty(browser.CspViolations);
    }
}
