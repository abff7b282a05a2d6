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

    /// <summary>
    /// On a phone a table fits the card by squeezing the columns that may wrap: Chinese text wraps after any character,
    /// so the jobs' descriptions were three characters a line, the audit list's record numbers and the quarantine
    /// item's record number one (a cell 1,100 px high). A cell that wraps keeps a readable width; the table scrolls
    /// sideways instead, and a page's table of facts puts each value under its label.
    /// </summary>
    [Fact]
    public async Task On_a_phone_no_table_cell_is_squeezed_to_a_few_characters_a_line()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite, realSignIn: true);
        bed.WriteFile("一个文件名相当长的社保缴费导出文件_2026年10月_第一批.csv", [.. ExchangeRunTests.Rows(3), "913607040000000000,110,202610,100"]);
        await bed.RunAsync();
        var record = (await bed.RecordsAsync()).First().RecordId;
        var item = (await bed.QuarantineAsync()).Single().Id;
        await bed.Hub.CreateUserAsync("zhao.min", [Roles.Administrator, Roles.Officer, Roles.Auditor]);
        await using var browser = await BrowserSession.StartAsync(bed.Hub.BaseAddress);
        var (page, _) = await browser.SignInAsync("zhao.min", TestIdentity.Password);
        await page.SetViewportSizeAsync(390, 800);

        foreach (var path in new[]
                 {
                     "/jobs", "/audit?chain=exchange", "/exchange/quarantine", $"/exchange/quarantine/{item}", "/exchange/records",
                     $"/exchange/records/{record}", "/exchange/files", "/admin/accounts", "/admin/accounts/users/zhao.min",
                 })
        {
            await page.GotoAsync(new Uri(bed.Hub.BaseAddress, path).ToString());
            // A cell whose text wraps in a column narrower than 5 characters (15 px each).
            var squeezed = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('main td')].filter(td => {
                    const s = getComputedStyle(td), text = document.createRange();
                    text.selectNodeContents(td);
                    const wraps = text.getBoundingClientRect().height > 1.5 * parseFloat(s.lineHeight);
                    return wraps && td.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight) < 75;
                  }).map(td => `${Math.round(td.getBoundingClientRect().width)} px: ${td.innerText.trim().slice(0, 30)}`)
                """);
            Assert.True(squeezed.Length == 0, $"{path}: {string.Join(" | ", squeezed)}");
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{path} is {overflow} px wider than the phone");
        }

        Assert.Empty(browser.CspViolations);
    }
}
