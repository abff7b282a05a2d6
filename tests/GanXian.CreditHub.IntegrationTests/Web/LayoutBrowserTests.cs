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

    /// <summary>
    /// A user name may be 64 characters without a space (<c>UserAccounts.CheckUserName</c>): in the top bar it did not
    /// wrap and pushed the page 95 px wider than a phone, and the greeting and the account page's heading ran out of
    /// the card. The bar now shortens the name (the whole of it in its tooltip) and headings wrap.
    /// </summary>
    [Fact]
    public async Task A_long_user_name_keeps_the_bar_and_the_headings_inside_the_page()
    {
        const string name = "ouyang.xiaoming.labour-inspection.ganxian-district.bureau-360704";
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite, realSignIn: true);
        await bed.Hub.CreateUserAsync(name, [Roles.Administrator, Roles.Officer, Roles.Auditor]);
        await using var browser = await BrowserSession.StartAsync(bed.Hub.BaseAddress);
        var (page, _) = await browser.SignInAsync(name, TestIdentity.Password);

        foreach (var width in new[] { 1280, 1024, 390 })
        {
            await page.SetViewportSizeAsync(width, 800);
            foreach (var path in new[] { "/", "/admin/accounts/users/" + name })
            {
                await page.GotoAsync(new Uri(bed.Hub.BaseAddress, path).ToString());
                var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
                Assert.True(overflow <= 0, $"{path} at {width} px is {overflow} px wider than the window");
                var heading = await page.EvaluateAsync<int>("() => { const h = document.querySelector('h1'); return h.scrollWidth - h.clientWidth; }");
                Assert.True(heading <= 0, $"the heading of {path} at {width} px runs {heading} px out of its box");
                var bar = await page.EvaluateAsync<int>("() => document.querySelector('.topbar').getBoundingClientRect().height");
                Assert.InRange(bar, 40, 140);
            }
        }

        Assert.Equal(name, await page.Locator("header .user").GetAttributeAsync("title"));
        Assert.Empty(browser.CspViolations);
    }
}
