using System.Net;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace GanXian.CreditHub.IntegrationTests.Identity;

public sealed class UserAccountTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    internal static async Task<(TestHub Hub, FakeTimeProvider Clock)> StartAsync(DatabaseProvider provider = DatabaseProvider.Postgres, Dictionary<string, string?>? settings = null)
    {
        var clock = new FakeTimeProvider(Start);
        var config = (await TestDatabase.CreateAsync(provider)).Configuration();
        config["Identity:Lockout:MaxFailedAttempts"] = "3";
        config["Identity:Lockout:Duration"] = "00:10:00";
        foreach (var (k, v) in settings ?? [])
        {
            config[k] = v;
        }

        var hub = await TestHub.StartAsync(config, b => b.Services.AddSingleton<TimeProvider>(clock));
        return (hub, clock);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Repeated_wrong_passwords_lock_the_account_for_the_configured_time_even_against_the_right_password(DatabaseProvider provider)
    {
        var (hub, clock) = await StartAsync(provider);
        await using var _ = hub;
        await hub.CreateUserAsync("wang.li", [Roles.Officer]);
        await using var scope = hub.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();

        Assert.Equal(SignInOutcome.Invalid, (await accounts.SignInAsync("wang.li", "wrong-password-1", null, default)).Outcome);
        Assert.Equal(SignInOutcome.Invalid, (await accounts.SignInAsync("WANG.LI", "wrong-password-2", null, default)).Outcome);
        Assert.Equal(SignInOutcome.LockedOut, (await accounts.SignInAsync("wang.li", "wrong-password-3", null, default)).Outcome);
        Assert.Equal(SignInOutcome.LockedOut, (await accounts.SignInAsync("wang.li", TestIdentity.Password, null, default)).Outcome);

        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(SignInOutcome.LockedOut, (await accounts.SignInAsync("wang.li", TestIdentity.Password, null, default)).Outcome);
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(SignInOutcome.Success, (await accounts.SignInAsync("wang.li", TestIdentity.Password, null, default)).Outcome);

        // A success resets the count: two more failures do not lock.
        await accounts.SignInAsync("wang.li", "wrong-password-4", null, default);
        Assert.Equal(SignInOutcome.Invalid, (await accounts.SignInAsync("wang.li", "wrong-password-5", null, default)).Outcome);
        Assert.Equal(SignInOutcome.Success, (await accounts.SignInAsync("wang.li", TestIdentity.Password, null, default)).Outcome);
        Assert.Equal(SignInOutcome.Invalid, (await accounts.SignInAsync("nobody", TestIdentity.Password, "10.0.0.9", default)).Outcome);

        Assert.Equal(
        [
            "user.created test",
            "user.login-failed wang.li", "user.login-failed wang.li", "user.locked-out wang.li",
            "user.login-failed wang.li", "user.login-failed wang.li", "user.login wang.li",
            "user.login-failed wang.li", "user.login-failed wang.li", "user.login wang.li",
            "user.login-failed anonymous",
        ], await OperationLog.KindsAsync(hub));
        var entries = await OperationLog.EntriesAsync(hub);
        Assert.Equal("locked-out", entries[3].State);
        Assert.Equal("用户名不存在（来自 10.0.0.9）", entries[^1].Detail);
        Assert.StartsWith("连续 3 次密码错误，锁定至 ", entries[3].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passwords_are_stored_only_as_hashes_and_the_policy_refuses_weak_ones()
    {
        var (hub, _) = await StartAsync();
        await using var _ = hub;
        await using var scope = hub.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();

        Assert.Equal("密码至少需要 12 个字符", await accounts.AddAsync("li.na", [Roles.Auditor], false, "short-pw", "test", default));
        Assert.Equal("密码不能包含用户名", await accounts.AddAsync("li.na", [Roles.Auditor], false, "li.na-is-my-password", "test", default));
        Assert.NotNull(await accounts.AddAsync("li.na", [Roles.Auditor], false, "aaaaaaaaaaaaaaaa", "test", default));
        Assert.StartsWith("未知角色", await accounts.AddAsync("li.na", ["superuser"], false, TestIdentity.Password, "test", default));
        Assert.StartsWith("至少需要一个角色", await accounts.AddAsync("li.na", [], false, TestIdentity.Password, "test", default));
        Assert.Null(await accounts.AddAsync("li.na", [Roles.Auditor, Roles.Evaluator, Roles.Auditor], true, TestIdentity.Password, "test", default));
        Assert.Equal("用户 li.na 已存在", await accounts.AddAsync("Li.Na", [Roles.Auditor], false, TestIdentity.Password, "test", default));

        var user = await scope.ServiceProvider.GetRequiredService<CreditHubDbContext>().Set<HubUser>().AsNoTracking().SingleAsync();
        Assert.Equal("evaluator,auditor", user.Roles);
        Assert.True(user.PersonalData);
        Assert.DoesNotContain(TestIdentity.Password, user.PasswordHash, StringComparison.Ordinal);
        Assert.StartsWith("AQAAAA", user.PasswordHash, StringComparison.Ordinal); // PasswordHasher v3 format (PBKDF2)
    }

    [Fact]
    public async Task Disabling_a_user_or_resetting_the_password_ends_their_sign_in()
    {
        var (hub, _) = await StartAsync();
        await using var _ = hub;
        await hub.CreateUserAsync("zhao.min", [Roles.Approver]);
        using var browser = hub.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync("zhao.min", TestIdentity.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        await using (var scope = hub.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            Assert.Null(await accounts.ResetPasswordAsync("zhao.min", "Another-Long-Secret-77", "test", default));
        }

        var after = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal(IdentityComposition.LoginPath, after.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync("zhao.min", TestIdentity.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync("zhao.min", "Another-Long-Secret-77")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        await using (var scope = hub.Services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<UserAccounts>().DisableAsync("zhao.min", "test", default));
        }

        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
        var refused = await browser.SignInAsync("zhao.min", "Another-Long-Secret-77");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("该账户已停用", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_return_url_is_followed_only_when_it_is_a_local_path()
    {
        var (hub, _) = await StartAsync();
        await using var _ = hub;
        await hub.CreateUserAsync("admin", [Roles.Administrator]);
        foreach (var (returnUrl, expected) in new[]
                 {
                     ("/admin/accounts", "/admin/accounts"),
                     ("//evil.example/x", "/"),
                     ("https://evil.example/", "/"),
                     ("/\\evil.example", "/"),
                 })
        {
            using var browser = hub.CreateBrowserLikeClient();
            var response = await browser.SignInAsync("admin", TestIdentity.Password, returnUrl);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(expected, response.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task A_signed_in_user_without_the_role_gets_403_and_sees_only_the_navigation_their_roles_allow()
    {
        var (hub, _) = await StartAsync();
        await using var _ = hub;
        await hub.CreateUserAsync("evaluator.chen", [Roles.Evaluator]);
        await hub.CreateUserAsync("admin.chen", [Roles.Administrator]);
        using var evaluator = hub.CreateBrowserLikeClient();
        await evaluator.SignInAsync("evaluator.chen", TestIdentity.Password);
        var forbidden = await evaluator.GetAsync("/admin/accounts");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        // A browser decodes by the header's charset (nosniff: it does not guess), so the page must name UTF-8.
        Assert.Equal(("text/html", "utf-8"), (forbidden.Content.Headers.ContentType?.MediaType, forbidden.Content.Headers.ContentType?.CharSet));
        var charset = System.Text.Encoding.GetEncoding(forbidden.Content.Headers.ContentType!.CharSet!);
        var page = charset.GetString(await forbidden.Content.ReadAsByteArrayAsync());
        Assert.Contains("<h1>无权访问</h1>", page);
        // On a phone, without the viewport the page was laid out 980 px wide and shown shrunk to unreadable text.
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", page);
        Assert.Equal(HttpStatusCode.Forbidden, (await evaluator.GetAsync("/api/identity/users")).StatusCode);
        var home = await evaluator.GetStringAsync("/");
        Assert.Contains("评标/资格审查人员", home);
        Assert.DoesNotContain("/admin/accounts", home);

        using var admin = hub.CreateBrowserLikeClient();
        await admin.SignInAsync("admin.chen", TestIdentity.Password);
        Assert.Contains("href=\"/admin/accounts\"", await admin.GetStringAsync("/"));
        var accounts = await admin.GetStringAsync("/admin/accounts");
        Assert.Contains("evaluator.chen", accounts);

        // Scripts of the UI call JSON endpoints with the cookie: the layout's token in X-CSRF-TOKEN passes the check.
        var token = System.Text.RegularExpressions.Regex.Match(accounts, "name=\"csrf-token\" content=\"([^\"]+)\"").Groups[1].Value;
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/account/logout", null)).StatusCode);
        using var logout = new HttpRequestMessage(HttpMethod.Post, "/account/logout") { Content = new StringContent("") };
        logout.Headers.Add("X-CSRF-TOKEN", token);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SendAsync(logout)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.GetAsync("/admin/accounts")).StatusCode);
    }

    [Fact]
    public async Task The_bootstrap_administrator_is_created_from_configuration_only_while_no_administrator_exists()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var config = database.Configuration();
        await using (var hub = await TestHub.StartAsync(config))
        {
            await using var scope = hub.Services.CreateAsyncScope();
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<UserAccounts>().ListAsync(default)); // never a default account
        }

        config["Identity:BootstrapAdmin:UserName"] = "root.admin";
        config["Identity:BootstrapAdmin:Password"] = "Bootstrap-Secret-4821";
        await using (var hub = await TestHub.StartAsync(config))
        {
            await using var scope = hub.Services.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            var admin = Assert.Single(await accounts.ListAsync(default));
            Assert.Equal(["administrator"], RoleSet.Parse(admin.Roles));
            Assert.Equal(SignInOutcome.Success, (await accounts.SignInAsync("root.admin", "Bootstrap-Secret-4821", null, default)).Outcome);
        }

        config["Identity:BootstrapAdmin:UserName"] = "second.admin";
        await using (var hub = await TestHub.StartAsync(config))
        {
            await using var scope = hub.Services.CreateAsyncScope();
            Assert.Single(await scope.ServiceProvider.GetRequiredService<UserAccounts>().ListAsync(default));
        }

        config["Identity:BootstrapAdmin:Password"] = null;
        await using (var app = TestHub.Build(config))
        {
            var error = new StringWriter();
            Assert.Equal(GanXian.CreditHub.Cli.ExitCodes.Configuration, await GanXian.CreditHub.Cli.CliRoot.RunAsync(app, ["users", "list"], error));
            Assert.Contains("Identity:BootstrapAdmin:Password", error.ToString());
        }
    }

    [Fact]
    public async Task A_sign_in_made_on_one_node_is_accepted_by_another_node_on_the_same_database()
    {
        var config = (await TestDatabase.CreateAsync(DatabaseProvider.Postgres)).Configuration();
        await using var first = await TestHub.StartAsync(config);
        await using var second = await TestHub.StartAsync(config);
        await first.CreateUserAsync("ma.lin", [Roles.Auditor]);

        using var browser = first.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync("ma.lin", TestIdentity.Password)).StatusCode);

        // Same cookie jar (cookies are not port-bound), other node: it reads the cookie with the key ring from the database.
        var onSecond = await browser.GetAsync(new Uri(second.BaseAddress, "/"));
        Assert.Equal(HttpStatusCode.OK, onSecond.StatusCode);
        Assert.Contains("您好，ma.lin", await onSecond.Content.ReadAsStringAsync());
        await using var scope = second.Services.CreateAsyncScope();
        Assert.NotEmpty(await scope.ServiceProvider.GetRequiredService<CreditHubDbContext>().DataProtectionKeys.ToListAsync());
    }

    [Fact]
    public async Task An_account_change_whose_operation_log_entry_cannot_be_written_does_not_happen()
    {
        var config = (await TestDatabase.CreateAsync(DatabaseProvider.Postgres)).Configuration();
        await using var hub = await TestHub.StartAsync(config, b => b.Services.AddSingleton<IAuditLog, FailingAuditLog>());
        await using (var scope = hub.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            await Assert.ThrowsAsync<InvalidOperationException>(() => accounts.AddAsync("qian.yu", [Roles.Officer], false, TestIdentity.Password, "test", default));
        }

        await using (var scope = hub.Services.CreateAsyncScope())
        {
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<UserAccounts>().ListAsync(default));
        }
    }

    private sealed class FailingAuditLog : IAuditLog
    {
        public Task AppendAsync(CreditHubDbContext db, IReadOnlyList<LogEvent> events, CancellationToken ct) =>
            throw new InvalidOperationException("operation log unavailable");
    }
}
