using System.Net;
using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;

namespace GanXian.CreditHub.IntegrationTests.Identity;

/// <summary>DOMAIN.md §6 and the issue: no password, API key or full ID number in any log line of a whole scenario.</summary>
public sealed class SecretsInLogsTests
{
    private const string IdNumber = "11010519491231002X";

    [Fact]
    public async Task A_full_identity_scenario_leaves_no_password_key_or_id_number_in_the_log_files()
    {
        var logDir = Path.Combine(Path.GetTempPath(), $"credithub-logs-{Guid.NewGuid():N}");
        var config = (await TestDatabase.CreateAsync(DatabaseProvider.Postgres)).Configuration();
        config["Logging:File:Path"] = Path.Combine(logDir, "hub-.json");
        config["Identity:Lockout:MaxFailedAttempts"] = "3";
        var input = new FakePasswordInput();
        string[] passwords = ["Orchid-Valley-Secret-8812", "Copper-Kettle-Morning-4410"];
        string[] wrong = ["Wrong-Guess-Number-One", "Wrong-Guess-Number-Two", IdNumber + "-pw"];
        var secrets = new List<string>(passwords) { IdNumber };
        secrets.AddRange(wrong);

        await using (var hub = await TestHub.StartAsync(config, FakePasswordInput.Register(input)))
        {
            input.Answers.Enqueue(passwords[0]);
            Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(hub.App, ["users", "add", "he.jun", "--role", "evaluator"]));

            using var browser = hub.CreateBrowserLikeClient();
            Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync("he.jun", passwords[0])).StatusCode);
            using var other = hub.CreateBrowserLikeClient();
            await other.SignInAsync(IdNumber, passwords[0]);       // an ID number typed as the user name
            await other.SignInAsync(passwords[1], passwords[0]);   // a password typed into the user-name field
            foreach (var w in wrong)
            {
                await other.SignInAsync("he.jun", w);                // the third locks the account
            }

            await other.SignInAsync("he.jun", passwords[0]);       // refused while locked
            input.Answers.Enqueue(passwords[1]);
            Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(hub.App, ["users", "reset-password", "he.jun"]));
            Assert.Equal(HttpStatusCode.Redirect, (await other.SignInAsync("he.jun", passwords[1])).StatusCode);

            var key = await hub.CreateApiKeyAsync("ebid", [Roles.Evaluator]);
            secrets.Add(key);
            secrets.Add(key[^43..]);
            using var machine = hub.CreateClient().WithApiKey(key);
            Assert.Equal(HttpStatusCode.OK, (await machine.GetAsync("/api/me")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await machine.GetAsync($"/api/entities/{IdNumber}?key={key}")).StatusCode);
            using var tampered = hub.CreateClient().WithApiKey(key[..^3] + "abc");
            Assert.Equal(HttpStatusCode.Unauthorized, (await tampered.GetAsync("/api/me")).StatusCode);
            Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(hub.App, ["apikeys", "revoke", "ebid"]));
            Assert.Equal(HttpStatusCode.Unauthorized, (await machine.GetAsync("/api/me")).StatusCode);
        }

        var lines = Directory.GetFiles(logDir).SelectMany(ReadShared).ToList();
        Assert.Contains(lines, l => l.Contains("连续 {Attempts} 次登录失败，已锁定", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("API 密钥被拒绝", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("110105********002X", StringComparison.Ordinal)); // the request path, masked
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    internal static IEnumerable<string> ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }
}
