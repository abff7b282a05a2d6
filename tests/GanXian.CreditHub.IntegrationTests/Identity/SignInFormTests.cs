using System.Net;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;

namespace GanXian.CreditHub.IntegrationTests.Identity;

/// <summary>The sign-in form over HTTP, for what the browser's <c>required</c> does not stop: blanks, and forms posted by scripts.</summary>
public sealed class SignInFormTests
{
    /// <summary>
    /// A user name or password left blank (spaces pass the browser's <c>required</c>) was a 500 from the form (model
    /// binding makes a blank value null); passed as spaces, a wrong password counted towards the lockout and logged as a
    /// failed sign-in. Now it is required, before anything is looked up, counted or logged.
    /// </summary>
    [Fact]
    public async Task A_blank_user_name_or_password_is_required_and_is_neither_counted_nor_logged_as_a_failed_sign_in()
    {
        var logs = Path.Combine(Path.GetTempPath(), $"credithub-logs-{Guid.NewGuid():N}");
        var (hub, _) = await UserAccountTests.StartAsync(DatabaseProvider.Sqlite, new() { ["Logging:File:Path"] = Path.Combine(logs, "hub-.json") }); // locks after 3
        await using (hub)
        {
            await hub.CreateUserAsync("li.ping", [Roles.Evaluator]);
            using var browser = hub.CreateBrowserLikeClient();

            foreach (var (userName, password, required) in new (string?, string?, string)[]
                     {
                         ("li.ping", "", "请填写密码（必填）"), ("li.ping", "   ", "请填写密码（必填）"), ("li.ping", null, "请填写密码（必填）"),
                         ("", TestIdentity.Password, "请填写用户名（必填）"), (" \t", TestIdentity.Password, "请填写用户名（必填）"), (null, TestIdentity.Password, "请填写用户名（必填）"),
                         (" ", " ", "请填写用户名和密码（必填）"), (null, null, "请填写用户名和密码（必填）"),
                     })
            {
                var what = $"user name '{userName}', password '{password}'";
                using var response = await PostAsync(browser, userName, password);
                var html = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{what}: {(int)response.StatusCode}");
                Assert.True(html.Contains($"<p class=\"error\" role=\"alert\">{required}</p>", StringComparison.Ordinal), $"{what}: {html}");
                Assert.DoesNotContain("用户名或密码错误", html);
                Assert.DoesNotContain(TestIdentity.Password, html);
            }

            await using (var scope = hub.Services.CreateAsyncScope())
            {
                // The form makes blanks null; another caller may pass the spaces themselves (a wrong password, and a
                // user name that does not exist, before).
                var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
                foreach (var (userName, password) in new[] { ("li.ping", "   "), ("li.ping", ""), (" ", TestIdentity.Password), ("", "\t") })
                {
                    Assert.Equal(SignInOutcome.Required, (await accounts.SignInAsync(userName, password, "10.0.0.9", default)).Outcome);
                }

                // Not counted and not logged: nothing in the operation log, no failure on the account, and it is not locked.
                Assert.Equal(["user.created test"], await OperationLog.KindsAsync(hub));
                Assert.Equal(0, (await accounts.FindAsync("li.ping", default))!.FailedAttempts);
            }

            Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync("li.ping", TestIdentity.Password)).StatusCode);
            Assert.Equal(["user.created test", "user.login li.ping"], await OperationLog.KindsAsync(hub));
        }

        var lines = Directory.GetFiles(logs).SelectMany(SecretsInLogsTests.ReadShared).ToList();
        Assert.Contains(lines, l => l.Contains("已登录", StringComparison.Ordinal)); // the log was written
        Assert.DoesNotContain(lines, l => l.Contains("登录被拒绝", StringComparison.Ordinal) || l.Contains("密码错误", StringComparison.Ordinal));
    }

    /// <summary>Posts the sign-in form with <paramref name="userName"/> or <paramref name="password"/> left out when null.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string? userName, string? password)
    {
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = await client.FormTokenAsync(IdentityComposition.LoginPath) };
        if (userName is not null)
        {
            fields["UserName"] = userName;
        }

        if (password is not null)
        {
            fields["Password"] = password;
        }

        return await client.PostAsync(IdentityComposition.LoginPath, new FormUrlEncodedContent(fields));
    }
}
