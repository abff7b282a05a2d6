using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Exchange;
using GanXian.CreditHub.IntegrationTests.Infrastructure;

namespace GanXian.CreditHub.IntegrationTests.Web;

public sealed class LayoutBrowserTests
{
    /// <summary>
    /// The quarantine list (long messages, file names, states and times) was wider than its card at 1024 and 1280 px and
    /// gave the whole page a horizontal scrollbar; on a phone the menu was squeezed into a column between the name and
    /// the user, a third of the screen high.
    /// </summary>
    [Fact]
    public async Task Wide_tables_stay_inside_the_page_and_the_menu_wraps_under_the_bar_on_a_phone()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite, realSignIn: true);
        bed.WriteFile("一个文件名相当长的社保缴费导出文件_2026年10月_第一批.csv", [.. ExchangeRunTests.Rows(3), "913607040000000000,110,202610,100"]);
        await bed.RunAsync();
        await bed.Hub.CreateUserAsync("zhao.min", [Roles.Officer]);
        await using var browser = await BrowserSession.StartAsync(bed.Hub.BaseAddress);
        var (page, _) = await browser.SignInAsync("zhao.min", TestIdentity.Password);

        foreach (var width in new[] { 1280, 1024, 390 })
        {
            await page.SetViewportSizeAsync(width, 800);
            await page.GotoAsync(new Uri(bed.Hub.BaseAddress, "/exchange/quarantine").ToString());
            Assert.Contains("统一社会信用代码", await page.Locator("main").InnerTextAsync());
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"at {width} px the page is {overflow} px wider than the window");
        }

        var bar = await page.EvaluateAsync<int>("() => document.querySelector('.topbar').getBoundingClientRect().height");
        Assert.InRange(bar, 40, 140);
        Assert.Empty(browser.CspViolations);
    }
}
