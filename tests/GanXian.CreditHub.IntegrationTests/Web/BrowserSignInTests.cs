using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace GanXian.CreditHub.IntegrationTests.Web;

/// <summary>The sign-in page in a real browser (Debian's Chromium driven by Playwright; no <c>playwright install</c>).</summary>
[Collection(BrowserPages.Collection)]
public sealed class BrowserSignInTests
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    [Fact]
    public async Task Sign_in_sign_out_lockout_and_antiforgery_in_the_browser()
    {
        var (hub, _) = await UserAccountTests.StartAsync(); // locks after 3 wrong passwords
        await using var _ = hub;
        await hub.CreateUserAsync("liu.yang", [Roles.Officer, Roles.Approver]);
        await hub.CreateUserAsync("sun.hao", [Roles.Auditor]);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync(new() { BaseURL = hub.BaseAddress.ToString().TrimEnd('/') });
        var cspViolations = new List<string>();
        var page = await BrowserPages.OpenPageAsync(context, cspViolations);

        // Anonymous → sign-in page, remembering where the user wanted to go.
        await page.GotoAsync("/");
        Assert.EndsWith("/account/login?returnUrl=%2F", page.Url, StringComparison.Ordinal);
        Assert.Equal("登录", await page.Locator("h1").InnerTextAsync());

        await BrowserPages.SignInAsync(page, "liu.yang", TestIdentity.Password);
        Assert.EndsWith("/", page.Url, StringComparison.Ordinal);
        var main = await page.Locator("main").InnerTextAsync();
        Assert.Contains("您好，liu.yang", main);
        Assert.Contains("信用管理员", main);
        Assert.Contains("审核人", main);

        // Sign out is a POST from the layout; afterwards the home page asks for a sign-in again.
        await BrowserPages.ClickToPageAsync(page, page.Locator("header button", new() { HasText = "退出登录" }));
        Assert.EndsWith("/account/login", page.Url, StringComparison.Ordinal);
        await page.GotoAsync("/");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);

        // Three wrong passwords lock the account; then the right one is refused too.
        await BrowserPages.SignInAsync(page, "sun.hao", "not-the-password-1");
        Assert.Equal("用户名或密码错误。", await page.Locator(".error").InnerTextAsync());
        await BrowserPages.SignInAsync(page, "sun.hao", "not-the-password-2");
        await BrowserPages.SignInAsync(page, "sun.hao", "not-the-password-3");
        Assert.Contains("账户已被锁定 10 分钟", await page.Locator(".error").InnerTextAsync());
        await BrowserPages.SignInAsync(page, "sun.hao", TestIdentity.Password);
        Assert.Contains("账户已被锁定", await page.Locator(".error").InnerTextAsync());
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);

        // A form submitted without its antiforgery token is refused with 400, whether the browser posts the page's
        // form stripped of the token or another client posts with the browser's cookies.
        await page.Locator("input[name=__RequestVerificationToken]").EvaluateAsync("e => e.remove()");
        await page.FillAsync("#UserName", "liu.yang");
        await page.FillAsync("#Password", TestIdentity.Password);
        var stripped = await page.RunAndWaitForResponseAsync(() => page.Locator("main button[type=submit]").ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(400, stripped.Status);

        var forged = await context.APIRequest.PostAsync("/account/login", new()
        {
            Form = context.APIRequest.CreateFormData().Set("UserName", "liu.yang").Set("Password", TestIdentity.Password),
            MaxRedirects = 0,
        });
        Assert.Equal(400, forged.Status);
        await page.GotoAsync("/");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);

        Assert.Empty(cspViolations);
    }
}
