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
        await bed.RunAsync();
        await bed.Hub.CreateUserAsync("zhao.min", [Roles.Officer]);
        var local = ExchangeTestBed.WriteExport(Path.Combine(bed.Root, "desktop"), "更正_202610.csv", [$"{Code},110,202610,120", $"{Code},210,202610,30"]);

        await using var browser = await BrowserSession.StartAsync(bed.Hub.BaseAddress);
        var (page, _) = await browser.SignInAsync("zhao.min", TestIdentity.Password);
        await BrowserPages.ClickToPageAsync(page, page.Locator("header nav a", new() { HasText = "文件" }));
        var before = await page.Locator("main").InnerTextAsync();
        Assert.Contains("jf_202609.csv", before);
        // The earlier file's quarantined row links to its quarantine items.
        Assert.Equal(1, await page.Locator("main a[href*='/exchange/quarantine?']").CountAsync());

        await page.SetInputFilesAsync("input[type=file]", local);
        await BrowserPages.SubmitAsync(page, page.Locator("main button", new() { HasText = "上传" }));
        var notice = await page.Locator(".notice").InnerTextAsync();
        Assert.Contains("已导入：读取 2 条，有效 2 条", notice);
        Assert.Contains("更正_202610.csv", await page.Locator("main table").Last.InnerTextAsync());
        Assert.Equal(3, bed.Held().Count);

        // The same file again: refused on the spot, nothing waits in the inbox.
        await page.SetInputFilesAsync("input[type=file]", local);
        await BrowserPages.SubmitAsync(page, page.Locator("main button", new() { HasText = "上传" }));
        Assert.Contains("完全相同", await page.Locator(".error").InnerTextAsync());
        Assert.Empty(Directory.EnumerateFiles(bed.Inbox));
        Assert.Empty(browser.CspViolations);
    }
}
