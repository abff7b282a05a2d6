using Microsoft.Playwright;

namespace GanXian.CreditHub.IntegrationTests.Web;

/// <summary>
/// One Chromium for a test, with a signed-in page per user (each its own browser context, so its own cookies) and the
/// Content Security Policy violations all of them reported.
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    private readonly IPlaywright playwright;
    private readonly IBrowser browser;
    private readonly Uri hub;
    private readonly List<IBrowserContext> contexts = [];

    private BrowserSession(IPlaywright playwright, IBrowser browser, Uri hub) => (this.playwright, this.browser, this.hub) = (playwright, browser, hub);

    public List<string> CspViolations { get; } = [];

    public static async Task<BrowserSession> StartAsync(Uri hub)
    {
        var playwright = await Playwright.CreateAsync();
        return new BrowserSession(playwright, await BrowserSignInTests.LaunchAsync(playwright), hub);
    }

    /// <summary>A new context signed in as <paramref name="userName"/> through the sign-in page; returns its page and context.</summary>
    public async Task<(IPage Page, IBrowserContext Context)> SignInAsync(string userName, string password)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = hub.ToString().TrimEnd('/') });
        contexts.Add(context);
        var page = await BrowserPages.OpenPageAsync(context, CspViolations);
        await page.GotoAsync("/account/login");
        await BrowserPages.SignInAsync(page, userName, password);
        return (page, context);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in contexts)
        {
            await c.DisposeAsync();
        }

        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
