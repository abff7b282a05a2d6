using Microsoft.Playwright;

namespace GanXian.CreditHub.IntegrationTests.Web;

/// <summary>What every browser test does first: a page that records CSP violations, and the sign-in.</summary>
internal static class BrowserPages
{
    /// <summary>The browser tests run one after the other: each starts a Chromium, and the suite shares 2 cores.</summary>
    public const string Collection = "browser";

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
        await SubmitAsync(page, page.Locator("main button[type=submit]"));
    }

    /// <summary>Clicks a form's submit button and waits for the page it leads to (after any redirect): <see cref="ClickToPageAsync"/>.</summary>
    public static Task SubmitAsync(IPage page, ILocator button) => ClickToPageAsync(page, button);

    /// <summary>
    /// Clicks a link or button that loads another document and waits until that document is parsed. It marks the old
    /// document and polls until a document without the mark is there, instead of Playwright's load-state waiters
    /// (<c>WaitForLoadStateAsync</c>, <c>WaitForURLAsync</c>): in full runs on 2 busy cores those timed out after 90 s
    /// several times although the page had long arrived.
    /// </summary>
    public static async Task ClickToPageAsync(IPage page, ILocator target)
    {
        await page.EvaluateAsync("() => { window.__leaving = true; }");
        await target.ClickAsync();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                if (await page.EvaluateAsync<bool>("() => window.__leaving !== true && document.readyState !== 'loading'"))
                {
                    return;
                }
            }
            catch (PlaywrightException) when (DateTime.UtcNow < deadline)
            {
                // The old document's context went away mid-evaluation: the navigation is under way.
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"no new page within 90 s of the click (at {page.Url})");
            }

            await Task.Delay(50);
        }
    }
}
