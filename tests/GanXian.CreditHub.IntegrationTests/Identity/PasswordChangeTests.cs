using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;

namespace GanXian.CreditHub.IntegrationTests.Identity;

/// <summary>The change-password form over HTTP, for what the browser's <c>required</c> does not always stop.</summary>
public sealed class PasswordChangeTests
{
    private const string NewPassword = "Granite-Meadow-Falcon-6620";

    /// <summary>
    /// A current password left empty (a browser that ignores <c>required</c>, a form posted by a script) was reported as
    /// "当前密码不正确" and counted towards the lockout: three empty posts locked the account.
    /// </summary>
    [Fact]
    public async Task An_empty_current_password_is_required_not_wrong_and_does_not_count_towards_the_lockout()
    {
        var (hub, _) = await UserAccountTests.StartAsync(DatabaseProvider.Sqlite); // locks after 3 wrong passwords
        await using var _ = hub;
        await hub.CreateUserAsync("li.ping", [Roles.Evaluator]);
        using var user = hub.CreateBrowserLikeClient();
        await user.SignInAsync("li.ping", TestIdentity.Password);

        foreach (var current in new[] { "", null, "", "" })
        {
            var html = await PostAsync(user, current, NewPassword);
            Assert.Contains($"<p class=\"error\" role=\"alert\">{UserAccounts.CurrentPasswordRequired}</p>", html);
            Assert.DoesNotContain("当前密码不正确", html);
            Assert.DoesNotContain(NewPassword, html);
        }

        // Not locked, nothing counted: the first wrong password is the first failure, and the right one works.
        Assert.Contains("当前密码不正确", await PostAsync(user, "Wrong-Current-Guess-1", NewPassword));
        await using (var scope = hub.Services.CreateAsyncScope())
        {
            Assert.Equal(1, (await scope.ServiceProvider.GetRequiredService<UserAccounts>().FindAsync("li.ping", default))!.FailedAttempts);
        }

        Assert.Contains("密码已修改", await PostAsync(user, TestIdentity.Password, NewPassword));
        Assert.Equal(["user.created test", "user.login li.ping", "user.password-change-failed li.ping", "user.password-changed li.ping"],
            await OperationLog.KindsAsync(hub));
    }

    /// <summary>Posts the form (with <paramref name="current"/> left out when null) and returns the page it leads to.</summary>
    private static async Task<string> PostAsync(HttpClient user, string? current, string newPassword)
    {
        var token = await user.FormTokenAsync("/account/password");
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["NewPassword"] = newPassword, ["ConfirmPassword"] = newPassword };
        if (current is not null)
        {
            fields["CurrentPassword"] = current;
        }

        using var response = await user.PostAsync("/account/password", new FormUrlEncodedContent(fields));
        return response.Headers.Location is { } done ? await user.GetStringAsync(done) : await response.Content.ReadAsStringAsync();
    }
}
