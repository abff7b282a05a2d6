using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;

namespace GanXian.CreditHub.IntegrationTests.Identity;

public sealed class IdentityCliTests
{
    [Fact]
    public async Task Users_and_apikeys_verbs_change_accounts_and_refuse_bad_input()
    {
        var input = new FakePasswordInput();
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var hub = await TestHub.StartAsync(database.Configuration(), FakePasswordInput.Register(input));
        var app = hub.App;

        input.Answers.Enqueue(TestIdentity.Password);
        Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(app, ["users", "add", "Zhou.Qiang", "--role", "officer", "--role", "approver", "--personal-data"]));
        input.Answers.Enqueue("too-short");
        Assert.Equal(ExitCodes.Failure, await CliRoot.RunAsync(app, ["users", "add", "weak.user", "--role", "officer"]));
        Assert.Equal(ExitCodes.Failure, await CliRoot.RunAsync(app, ["users", "add", "no.password", "--role", "officer"])); // end of input
        input.Answers.Enqueue(TestIdentity.Password);
        Assert.NotEqual(ExitCodes.Ok, await CliRoot.RunAsync(app, ["users", "add", "no.role"]));
        input.Answers.Clear();

        Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(app, ["users", "set-roles", "zhou.qiang", "--role", "auditor"]));
        Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(app, ["users", "list"]));
        Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(app, ["users", "disable", "zhou.qiang"]));
        Assert.Equal(ExitCodes.Failure, await CliRoot.RunAsync(app, ["users", "disable", "ghost"]));
        input.Answers.Enqueue("Completely-New-Secret-55");
        Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(app, ["users", "reset-password", "zhou.qiang"]));
        Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(app, ["users", "enable", "zhou.qiang"]));

        await using (var scope = hub.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            var user = Assert.Single(await accounts.ListAsync(default));
            Assert.Equal("zhou.qiang", user.UserName);
            Assert.Equal("auditor", user.Roles);
            Assert.False(user.PersonalData);
            Assert.False(user.Disabled);
            Assert.Equal(SignInOutcome.Success, (await accounts.SignInAsync("zhou.qiang", "Completely-New-Secret-55", null, default)).Outcome);
        }

        Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(app, ["apikeys", "create", "ebid", "--role", "evaluator", "--expires", "2027-12-31"]));
        Assert.Equal(ExitCodes.Failure, await CliRoot.RunAsync(app, ["apikeys", "create", "bad-date", "--role", "evaluator", "--expires", "31.12.2027"]));
        Assert.Equal(ExitCodes.Failure, await CliRoot.RunAsync(app, ["apikeys", "create", "bad-role", "--role", "root"]));
        Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(app, ["apikeys", "list"]));
        Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(app, ["apikeys", "revoke", "ebid"]));
        Assert.Equal(ExitCodes.Failure, await CliRoot.RunAsync(app, ["apikeys", "revoke", "ebid"]));

        var actor = $"cli:{Environment.UserName}";
        Assert.Equal(
        [
            $"user.created {actor}", $"user.roles-changed {actor}", $"user.disabled {actor}", $"user.password-reset {actor}",
            $"user.enabled {actor}", "user.login zhou.qiang", $"apikey.created {actor}", $"apikey.revoked {actor}",
        ], await OperationLog.KindsAsync(hub));
    }
}
