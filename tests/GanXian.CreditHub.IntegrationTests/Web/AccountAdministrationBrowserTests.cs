using System.Net;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace GanXian.CreditHub.IntegrationTests.Web;

/// <summary>
/// An administrator manages accounts and API keys in Chromium, and a user changes their own password: each change
/// takes effect at once, is in the operation log with the administrator as actor, and no password or key is logged.
/// </summary>
[Collection(BrowserPages.Collection)]
public sealed class AccountAdministrationBrowserTests
{
    private const string Initial = "Paper-Lantern-Ridge-5531";
    private const string Changed = "Quiet-Orchard-Bridge-7702";

    [Fact]
    public async Task An_administrator_creates_a_user_who_changes_the_password_then_changes_roles_and_disables_it()
    {
        var (hub, logDir) = await StartAsync();
        await using var _ = hub;
        await using var browser = await BrowserSession.StartAsync(hub.BaseAddress);
        var (admin, _) = await browser.SignInAsync("admin", TestIdentity.Password);

        // Create: a refused form keeps the name and the ticked roles, never the passwords.
        await admin.GotoAsync("/admin/accounts");
        await BrowserPages.ClickToPageAsync(admin, admin.Locator("main a", new() { HasText = "新建用户" }));
        await admin.FillAsync("#UserName", "Chen.Jing");
        await admin.CheckAsync("input[name=SelectedRoles][value=officer]");
        await admin.FillAsync("#NewPassword", Initial);
        await admin.FillAsync("#ConfirmPassword", Initial + "x");
        await BrowserPages.SubmitAsync(admin, admin.Locator("main button[type=submit]"));
        Assert.Equal(PasswordPolicy.Mismatch, await admin.Locator(".error").InnerTextAsync());
        Assert.Equal("Chen.Jing", await admin.InputValueAsync("#UserName"));
        Assert.True(await admin.IsCheckedAsync("input[name=SelectedRoles][value=officer]"));
        Assert.Equal("", await admin.InputValueAsync("#NewPassword"));
        Assert.DoesNotContain(Initial, await admin.ContentAsync());

        await admin.FillAsync("#NewPassword", "short");
        await admin.FillAsync("#ConfirmPassword", "short");
        await BrowserPages.SubmitAsync(admin, admin.Locator("main button[type=submit]"));
        Assert.Equal("密码至少需要 12 个字符", await admin.Locator(".error").InnerTextAsync());

        await admin.FillAsync("#NewPassword", Initial);
        await admin.FillAsync("#ConfirmPassword", Initial);
        await BrowserPages.SubmitAsync(admin, admin.Locator("main button[type=submit]"));
        Assert.EndsWith("/admin/accounts/users/chen.jing?done=created", admin.Url, StringComparison.Ordinal);
        Assert.Contains("已创建用户", await admin.Locator(".notice").InnerTextAsync());

        // The user signs in, changes the password from the top bar; another browser of theirs is signed out by it.
        var (user, _) = await browser.SignInAsync("chen.jing", Initial);
        Assert.Contains("信用管理员", await user.Locator("main").InnerTextAsync());
        var (otherDevice, _) = await browser.SignInAsync("chen.jing", Initial);
        await BrowserPages.ClickToPageAsync(user, user.Locator("header a", new() { HasText = "修改密码" }));
        await user.FillAsync("#CurrentPassword", "Not-The-Current-One-11");
        await user.FillAsync("#NewPassword", Changed);
        await user.FillAsync("#ConfirmPassword", Changed);
        await BrowserPages.SubmitAsync(user, user.Locator("main button[type=submit]"));
        Assert.Equal("当前密码不正确", await user.Locator(".error").InnerTextAsync());
        await user.FillAsync("#CurrentPassword", Initial);
        await user.FillAsync("#NewPassword", Changed);
        await user.FillAsync("#ConfirmPassword", Changed);
        await BrowserPages.SubmitAsync(user, user.Locator("main button[type=submit]"));
        Assert.Contains("密码已修改", await user.Locator(".notice").InnerTextAsync());
        await user.GotoAsync("/");
        Assert.Contains("您好，chen.jing", await user.Locator("main").InnerTextAsync()); // this browser stays signed in
        await otherDevice.GotoAsync("/");
        Assert.Contains("/account/login", otherDevice.Url, StringComparison.Ordinal);

        await BrowserPages.ClickToPageAsync(user, user.Locator("header button", new() { HasText = "退出登录" }));
        await BrowserPages.SignInAsync(user, "chen.jing", Initial);
        Assert.Equal("用户名或密码错误。", await user.Locator(".error").InnerTextAsync());
        await BrowserPages.SignInAsync(user, "chen.jing", Changed);
        Assert.EndsWith("/", user.Url, StringComparison.Ordinal);

        // Roles: officer → auditor. The user's sign-in ends; signed in again, the auditor's page opens, the officer's not.
        // The list's links say whose account they open (a screen reader lists links by name: "管理" twice said nothing).
        await admin.GotoAsync("/admin/accounts");
        Assert.Equal(0, await admin.GetByRole(AriaRole.Link, new() { Name = "管理", Exact = true }).CountAsync());
        Assert.Equal(2, await admin.GetByRole(AriaRole.Columnheader, new() { Name = "操作", Exact = true }).CountAsync()); // users, keys
        await BrowserPages.ClickToPageAsync(admin, admin.GetByRole(AriaRole.Link, new() { Name = "管理用户 chen.jing", Exact = true }));
        Assert.EndsWith("/admin/accounts/users/chen.jing", admin.Url, StringComparison.Ordinal);
        await admin.UncheckAsync("input[name=SelectedRoles][value=officer]");
        await admin.CheckAsync("input[name=SelectedRoles][value=auditor]");
        await BrowserPages.SubmitAsync(admin, admin.Locator("main button", new() { HasText = "保存角色" }));
        Assert.Contains("已保存角色与权限", await admin.Locator(".notice").InnerTextAsync());
        await user.GotoAsync("/");
        Assert.Contains("/account/login", user.Url, StringComparison.Ordinal);
        await BrowserPages.SignInAsync(user, "chen.jing", Changed);
        Assert.Equal(200, (await user.GotoAsync("/audit"))!.Status);
        Assert.Equal(403, (await user.GotoAsync("/exchange/quarantine"))!.Status);

        // Disabled: signed out at once, and the sign-in is refused.
        await BrowserPages.ClickToPageAsync(admin, admin.Locator("main button", new() { HasText = "停用账户" }));
        Assert.Contains("已停用账户", await admin.Locator(".notice").InnerTextAsync());
        await user.GotoAsync("/");
        Assert.Contains("/account/login", user.Url, StringComparison.Ordinal);
        await BrowserPages.SignInAsync(user, "chen.jing", Changed);
        Assert.Equal("该账户已停用，请联系系统管理员。", await user.Locator(".error").InnerTextAsync());

        // Guard rails on the administrator's own account; the page keeps what was ticked.
        await admin.GotoAsync("/admin/accounts/users/admin");
        await BrowserPages.ClickToPageAsync(admin, admin.Locator("main button", new() { HasText = "停用账户" }));
        Assert.Equal("不能停用自己的账户", await admin.Locator(".error").InnerTextAsync());
        await admin.UncheckAsync("input[name=SelectedRoles][value=administrator]");
        await admin.CheckAsync("input[name=SelectedRoles][value=auditor]");
        await BrowserPages.SubmitAsync(admin, admin.Locator("main button", new() { HasText = "保存角色" }));
        Assert.Equal("不能取消自己的系统管理员角色", await admin.Locator(".error").InnerTextAsync());
        Assert.True(await admin.IsCheckedAsync("input[name=SelectedRoles][value=auditor]"));
        Assert.False(await admin.IsCheckedAsync("input[name=SelectedRoles][value=administrator]"));

        // Adding a role to oneself keeps one's own sign-in (a new cookie) and shows the new role at once.
        await admin.CheckAsync("input[name=SelectedRoles][value=administrator]");
        await BrowserPages.SubmitAsync(admin, admin.Locator("main button", new() { HasText = "保存角色" }));
        Assert.Contains("已保存角色与权限", await admin.Locator(".notice").InnerTextAsync());
        Assert.Equal(200, (await admin.GotoAsync("/audit"))!.Status);

        Assert.Equal(
        [
            "user.created test", "user.login admin", "user.created admin",
            "user.login chen.jing", "user.login chen.jing", "user.password-change-failed chen.jing", "user.password-changed chen.jing",
            "user.logout chen.jing", "user.login-failed chen.jing", "user.login chen.jing",
            "user.roles-changed admin", "user.login chen.jing", "user.disabled admin", "user.login-failed chen.jing",
            "user.roles-changed admin",
        ], await OperationLog.KindsAsync(hub));
        Assert.Empty(browser.CspViolations);
        AssertNotInLogs(logDir, Initial, Changed);
    }

    [Fact]
    public async Task An_api_key_created_in_the_browser_is_shown_once_works_with_x_api_key_and_stops_after_revocation()
    {
        var (hub, logDir) = await StartAsync();
        await using var _ = hub;
        await using var browser = await BrowserSession.StartAsync(hub.BaseAddress);
        var (admin, _) = await browser.SignInAsync("admin", TestIdentity.Password);

        await admin.GotoAsync("/admin/accounts");
        await BrowserPages.ClickToPageAsync(admin, admin.Locator("main a", new() { HasText = "新建 API 密钥" }));
        await admin.FillAsync("#Name", "ebid");
        await admin.FillAsync("#ExpiresOn", "2027-06-30");
        await BrowserPages.SubmitAsync(admin, admin.Locator("main button[type=submit]"));
        Assert.StartsWith("至少需要一个角色", await admin.Locator(".error").InnerTextAsync());
        Assert.Equal("ebid", await admin.InputValueAsync("#Name"));
        Assert.Equal("2027-06-30", await admin.InputValueAsync("#ExpiresOn"));

        await admin.CheckAsync("input[name=SelectedRoles][value=evaluator]");
        await BrowserPages.SubmitAsync(admin, admin.Locator("main button[type=submit]"));
        var key = await admin.InputValueAsync("input.secret");
        Assert.Matches("^chk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$", key);
        var shown = await admin.Locator("main").InnerTextAsync();
        Assert.Contains("仅显示这一次", shown);
        Assert.Contains("X-API-Key", shown);
        Assert.Contains("有效期至 2027-06-30", shown);

        using var machine = hub.CreateClient();
        machine.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.KeyHeader, key);
        var me = await machine.GetStringAsync("/api/me");
        Assert.Contains("\"name\":\"ebid\"", me);
        Assert.Contains("evaluator", me);

        // Never again: not in the list, not on the revocation page.
        await admin.GotoAsync("/admin/accounts");
        Assert.DoesNotContain(key, await admin.ContentAsync());
        Assert.Equal(0, await admin.GetByRole(AriaRole.Link, new() { Name = "吊销", Exact = true }).CountAsync());
        await BrowserPages.ClickToPageAsync(admin, admin.GetByRole(AriaRole.Link, new() { Name = "吊销 API 密钥 ebid", Exact = true }));
        Assert.DoesNotContain(key, await admin.ContentAsync());
        Assert.Contains("确定要吊销此密钥吗", await admin.Locator("main").InnerTextAsync());
        Assert.Equal(HttpStatusCode.OK, (await machine.GetAsync("/api/me")).StatusCode); // asking is not revoking
        await BrowserPages.ClickToPageAsync(admin, admin.Locator("main button", new() { HasText = "确认吊销" }));
        Assert.Contains("已吊销 API 密钥 ebid", await admin.Locator(".notice").InnerTextAsync());
        Assert.Contains("已吊销（", await admin.Locator("main table").Last.InnerTextAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await machine.GetAsync("/api/me")).StatusCode);

        var entries = await OperationLog.EntriesAsync(hub);
        Assert.Equal(["user.created test", "user.login admin", "apikey.created admin", "apikey.revoked admin"], entries.Select(e => $"{e.Kind} {e.Actor}"));
        Assert.Contains("有效期至 2027-06-30", entries[2].Detail);
        Assert.DoesNotContain(entries, e => (e.Detail ?? "").Contains(key[^43..], StringComparison.Ordinal));
        Assert.Empty(browser.CspViolations);
        AssertNotInLogs(logDir, key, key[^43..]);
    }

    /// <summary>A hub with an administrator "admin", logging to a folder of its own so the test can read every line.</summary>
    private static async Task<(TestHub Hub, string LogDir)> StartAsync()
    {
        var logDir = Path.Combine(Path.GetTempPath(), $"credithub-logs-{Guid.NewGuid():N}");
        var (hub, _) = await UserAccountTests.StartAsync(settings: new() { ["Logging:File:Path"] = Path.Combine(logDir, "hub-.json") });
        await hub.CreateUserAsync("admin", [Roles.Administrator]);
        return (hub, logDir);
    }

    private static void AssertNotInLogs(string logDir, params string[] secrets)
    {
        var lines = Directory.GetFiles(logDir).SelectMany(SecretsInLogsTests.ReadShared).ToList();
        Assert.NotEmpty(lines);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }
}
