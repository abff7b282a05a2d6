using System.Net;
using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;

namespace GanXian.CreditHub.IntegrationTests.Identity;

/// <summary>The account pages' handlers over HTTP: who may post them, the administrator guard rails, password resets.</summary>
public sealed class AccountAdministrationTests
{
    private const string NewPassword = "Granite-Meadow-Falcon-6620";

    [Fact]
    public async Task A_signed_in_non_administrator_gets_403_from_every_account_handler_and_nothing_changes()
    {
        var (hub, _) = await UserAccountTests.StartAsync();
        await using var _ = hub;
        await hub.CreateUserAsync("admin", [Roles.Administrator]);
        await hub.CreateUserAsync("officer.wu", [Roles.Officer, Roles.Auditor, Roles.Approver, Roles.Evaluator]);
        await hub.CreateApiKeyAsync("ebid", [Roles.Evaluator]);
        using var officer = hub.CreateBrowserLikeClient();
        await officer.SignInAsync("officer.wu", TestIdentity.Password);
        var token = await officer.FormTokenAsync("/account/password"); // a valid token: only the role is missing

        string[] posts =
        [
            "/admin/accounts", "/admin/accounts/new-user", "/admin/accounts/new-apikey", "/admin/accounts/apikeys/ebid/revoke",
            "/admin/accounts/users/admin?handler=Disable", "/admin/accounts/users/admin?handler=Roles",
            "/admin/accounts/users/admin?handler=Enable", "/admin/accounts/users/admin?handler=Password",
        ];
        foreach (var path in posts)
        {
            using var response = await officer.PostAsync(path, Form(token,
                ("UserName", "intruder"), ("Name", "intruder"), ("SelectedRoles", Roles.Officer), ("NewPassword", NewPassword), ("ConfirmPassword", NewPassword)));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path}: {(int)response.StatusCode}");
        }

        await using var scope = hub.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        Assert.Equal(["admin", "officer.wu"], (await accounts.ListAsync(default)).Select(u => u.UserName));
        Assert.False((await accounts.FindAsync("admin", default))!.Disabled);
        Assert.Equal(["ebid"], (await scope.ServiceProvider.GetRequiredService<ApiKeys>().ListAsync(default)).Where(k => k.RevokedAt is null).Select(k => k.Name));
        Assert.Equal(SignInOutcome.Success, (await accounts.SignInAsync("admin", TestIdentity.Password, null, default)).Outcome);
    }

    [Fact]
    public async Task The_last_active_administrator_can_be_neither_disabled_nor_demoted_by_the_page_or_the_cli()
    {
        var config = (await TestDatabase.CreateAsync(DatabaseProvider.Postgres)).Configuration();
        await using var hub = await TestHub.StartAsync(config);
        await hub.CreateUserAsync("admin", [Roles.Administrator]);
        await hub.CreateUserAsync("old.admin", [Roles.Administrator, Roles.Auditor]);
        Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(hub.App, ["users", "disable", "old.admin"]));

        await using (var scope = hub.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            Assert.Equal("admin 是唯一启用中的系统管理员，不能停用；请先为另一位用户授予系统管理员角色", await accounts.DisableAsync("admin", "cli:ops", default));
            Assert.Equal("admin 是唯一启用中的系统管理员，不能取消系统管理员角色；请先为另一位用户授予系统管理员角色",
                await accounts.SetRolesAsync("admin", [Roles.Auditor], false, "cli:ops", default));
        }

        Assert.Equal(ExitCodes.Failure, await CliRoot.RunAsync(hub.App, ["users", "disable", "admin"]));
        Assert.Equal(ExitCodes.Failure, await CliRoot.RunAsync(hub.App, ["users", "set-roles", "admin", "--role", "auditor"]));

        // A second active administrator may be demoted in the page; then "admin" is the last one again.
        Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(hub.App, ["users", "enable", "old.admin"]));
        using var admin = hub.CreateBrowserLikeClient();
        await admin.SignInAsync("admin", TestIdentity.Password);
        var token = await admin.FormTokenAsync("/admin/accounts/users/old.admin");
        var demoted = await admin.PostAsync("/admin/accounts/users/old.admin?handler=Roles", Form(token, ("SelectedRoles", Roles.Auditor)));
        Assert.Equal("/admin/accounts/users/old.admin?done=roles", demoted.Headers.Location!.OriginalString);
        Assert.Equal(ExitCodes.Failure, await CliRoot.RunAsync(hub.App, ["users", "disable", "admin"]));

        await using (var scope = hub.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            Assert.Equal("auditor", (await accounts.FindAsync("old.admin", default))!.Roles);
            Assert.False((await accounts.FindAsync("admin", default))!.Disabled);
        }

        var cli = $"cli:{Environment.UserName}";
        Assert.Equal(
            ["user.created test", "user.created test", $"user.disabled {cli}", $"user.enabled {cli}", "user.login admin", "user.roles-changed admin"],
            await OperationLog.KindsAsync(hub));
    }

    [Fact]
    public async Task An_administrator_resets_a_password_in_the_form_which_lifts_a_lockout_but_not_their_own()
    {
        var (hub, _) = await UserAccountTests.StartAsync(); // locks after 3 wrong passwords
        await using var _ = hub;
        await hub.CreateUserAsync("admin", [Roles.Administrator]);
        await hub.CreateUserAsync("li.ping", [Roles.Evaluator]);
        using var user = hub.CreateBrowserLikeClient();
        await user.SignInAsync("li.ping", TestIdentity.Password);

        // Wrong current passwords on the change form count towards the lockout, as at sign-in.
        for (var i = 0; i < 3; i++)
        {
            var token = await user.FormTokenAsync("/account/password");
            var html = await (await user.PostAsync("/account/password", Form(token,
                ("CurrentPassword", $"Wrong-Current-Guess-{i}"), ("NewPassword", NewPassword), ("ConfirmPassword", NewPassword)))).Content.ReadAsStringAsync();
            Assert.Contains(i < 2 ? "当前密码不正确" : "当前密码错误次数过多，账户已被锁定至", html);
            Assert.DoesNotContain(NewPassword, html);
        }

        using var admin = hub.CreateBrowserLikeClient();
        await admin.SignInAsync("admin", TestIdentity.Password);
        var adminToken = await admin.FormTokenAsync("/admin/accounts/users/li.ping");
        var mismatch = await admin.PostAsync("/admin/accounts/users/li.ping?handler=Password",
            Form(adminToken, ("NewPassword", NewPassword), ("ConfirmPassword", NewPassword + "!")));
        Assert.Contains(PasswordPolicy.Mismatch, await mismatch.Content.ReadAsStringAsync());
        var reset = await admin.PostAsync("/admin/accounts/users/li.ping?handler=Password",
            Form(adminToken, ("NewPassword", NewPassword), ("ConfirmPassword", NewPassword)));
        Assert.Equal("/admin/accounts/users/li.ping?done=password", reset.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Redirect, (await user.GetAsync("/")).StatusCode); // signed out by the reset
        Assert.Equal(HttpStatusCode.OK, (await user.SignInAsync("li.ping", TestIdentity.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await user.SignInAsync("li.ping", NewPassword)).StatusCode); // no longer locked

        var own = await admin.PostAsync("/admin/accounts/users/admin?handler=Password", Form(adminToken, ("NewPassword", NewPassword), ("ConfirmPassword", NewPassword)));
        Assert.Contains("不能重设自己的密码", await own.Content.ReadAsStringAsync());

        var log = await OperationLog.EntriesAsync(hub);
        Assert.Equal(
        [
            "user.created test", "user.created test", "user.login li.ping",
            "user.password-change-failed li.ping", "user.password-change-failed li.ping", "user.locked-out li.ping",
            "user.login admin", "user.password-reset admin", "user.login-failed li.ping", "user.login li.ping",
        ], log.Select(e => $"{e.Kind} {e.Actor}"));
        Assert.StartsWith("连续 3 次修改密码时当前密码错误，锁定至 ", log[5].Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(log, e => (e.Detail ?? "").Contains(NewPassword, StringComparison.Ordinal));
    }

    /// <summary>
    /// An address naming an account or key of blanks (<c>/admin/accounts/users/%20</c>, a link cut short or typed) was a
    /// 500: model binding turns a blank value into null, which reached <c>UserAccounts.Normalize</c>. No such account: 404.
    /// </summary>
    [Fact]
    public async Task An_address_naming_a_blank_account_or_key_is_not_found()
    {
        var (hub, _) = await UserAccountTests.StartAsync(DatabaseProvider.Sqlite);
        await using var _ = hub;
        await hub.CreateUserAsync("admin", [Roles.Administrator]);
        using var admin = hub.CreateBrowserLikeClient();
        await admin.SignInAsync("admin", TestIdentity.Password);
        var token = await admin.FormTokenAsync("/admin/accounts/users/admin");

        foreach (var path in new[] { "/admin/accounts/users/%20", "/admin/accounts/users/%20%20", "/admin/accounts/apikeys/%20/revoke" })
        {
            Assert.True((await admin.GetAsync(path)).StatusCode == HttpStatusCode.NotFound, $"GET {path}");
            foreach (var handler in new[] { "", "?handler=Disable", "?handler=Roles", "?handler=Password" })
            {
                using var response = await admin.PostAsync(path + handler, Form(token, ("SelectedRoles", Roles.Officer), ("NewPassword", NewPassword), ("ConfirmPassword", NewPassword)));
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"POST {path}{handler}: {(int)response.StatusCode}");
            }
        }
    }

    private static FormUrlEncodedContent Form(string? token, params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))
            .Concat(token is null ? [] : [KeyValuePair.Create("__RequestVerificationToken", token)]));
}
