using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.IntegrationTests.Identity;

/// <summary>Behind a TLS-terminating proxy: its forwarded scheme and client address count only when it is configured.</summary>
public sealed class ReverseProxyTests
{
    private static async Task<(string Detail, string? Cookie)> SignInThroughProxyAsync(string? knownProxy)
    {
        var settings = new Dictionary<string, string?>();
        if (knownProxy is not null)
        {
            settings["ReverseProxy:KnownProxies:0"] = knownProxy;
        }

        var (hub, _) = await UserAccountTests.StartAsync(DatabaseProvider.Sqlite, settings);
        await using var owned = hub;
        await hub.CreateUserAsync("zhao.min", [GanXian.CreditHub.Identity.Roles.Officer]);
        using var client = hub.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        await client.SignInAsync("zhao.min", "wrong password!");
        var signedIn = await client.SignInAsync("zhao.min", TestIdentity.Password);
        var cookie = signedIn.Headers.TryGetValues("Set-Cookie", out var values) ? values.FirstOrDefault(v => v.StartsWith("credithub.auth=", StringComparison.Ordinal)) : null;

        await using var scope = hub.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditHubDbContext>();
        var failed = await db.Set<AuditEntry>().Where(e => e.Kind == "user.login-failed").Select(e => e.Detail).SingleAsync();
        return (failed!, cookie);
    }

    [Fact]
    public async Task A_configured_proxy_gives_the_client_address_and_https()
    {
        var (detail, cookie) = await SignInThroughProxyAsync("127.0.0.0/8");
        Assert.Contains("203.0.113.9", detail);
        Assert.Contains("secure", cookie!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Forwarded_headers_from_anyone_else_are_ignored()
    {
        var (detail, cookie) = await SignInThroughProxyAsync(null);
        Assert.Contains("127.0.0.1", detail);
        Assert.DoesNotContain("203.0.113.9", detail);
        Assert.DoesNotContain("secure", cookie!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_proxy_that_is_not_an_address_stops_the_start_naming_the_key()
    {
        var config = (await TestDatabase.CreateAsync(DatabaseProvider.Sqlite)).Configuration();
        config["ReverseProxy:KnownProxies:0"] = "nginx.internal";
        await using var app = TestHub.Build(config);
        var error = new StringWriter();
        Assert.Equal(GanXian.CreditHub.Cli.ExitCodes.Configuration, await GanXian.CreditHub.Cli.CliRoot.RunAsync(app, ["users", "list"], error));
        Assert.Contains("ReverseProxy:KnownProxies:0=“nginx.internal”", error.ToString());
    }
}
