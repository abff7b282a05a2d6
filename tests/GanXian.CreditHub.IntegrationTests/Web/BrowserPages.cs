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

    /// <summary>
    /// Clicks a form's submit button and waits until the page it leads to (after any redirect) is parsed. It marks the
    /// old document and polls the new one, instead of Playwright's load-state events: in full runs on 2 busy cores a
    /// wait for "load", and once for "domcontentloaded", timed out after 90 s although the page had arrived.
    /// </summary>
    public static async Task SubmitAsync(IPage page, ILocator button)
    {
        await page.EvaluateAsync("() => { window.__submitted = true; }");
        // The answer that becomes the page: the POST's own, or the GET a redirect leads to (not the 302 itself).
        await page.RunAndWaitForResponseAsync(() => button.ClickAsync(), r => r.Request.IsNavigationRequest && r.Status is < 300 or >= 400);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                if (await page.EvaluateAsync<bool>("() => window.__submitted !== true && document.readyState !== 'loading'"))
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
                throw new TimeoutException($"page after submitting did not arrive within 90 s (at {page.Url})");
            }

            await Task.Delay(50);
        }
    }
}
