using Microsoft.Playwright;

namespace GanXian.CreditHub.IntegrationTests.Web;

/// <summary>What every browser test does first: a page that records CSP violations, and the sign-in.</summary>
internal static class BrowserPages
{
    /// <summary>A page with generous timeouts that records every Content Security Policy violation the browser reports.</summary>
    public static async Task<IPage> OpenPageAsync(IBrowserContext context, List<string> cspViolations)
    {
        var page = await context.NewPageAsync();
        // The test suite shares 2 cores with PostgreSQL clusters and the crash test's child processes: Playwright's
        // 30 s default was once not enough for one navigation under that load.
        page.SetDefaultTimeout(90_000);
        page.SetDefaultNavigationTimeout(90_000);
        page.Console += (_, m) =>
        {
            if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                cspViolations.Add(m.Text); // an inline style or script in a page would show here
            }
        };
        return page;
    }

    /// <summary>Fills and submits the sign-in form of the page shown (the sign-in page).</summary>
    public static async Task SignInAsync(IPage page, string userName, string password)
    {
        await page.FillAsync("#UserName", userName);
        await page.FillAsync("#Password", password);
        await page.RunAndWaitForResponseAsync(() => page.Locator("main button[type=submit]").ClickAsync(), r => r.Request.Method == "POST");
        await page.WaitForLoadStateAsync(LoadState.Load);
    }
}
