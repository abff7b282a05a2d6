using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GanXian.CreditHub.IntegrationTests.Infrastructure;

/// <summary>
/// The real hub composition (the same <see cref="Composition"/> calls as Program.cs) on a real Kestrel bound to
/// 127.0.0.1:0, so HTTP clients and the browser talk to it as they would in production.
/// </summary>
public sealed class TestHub : IAsyncDisposable
{
    private TestHub(WebApplication app) => App = app;

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public Uri BaseAddress => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static WebApplication Build(IDictionary<string, string?> configuration, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:Console:MinimumLevel"] = "Warning",
            // A test that wants the scheduler turns it on; the others should not start Quartz on every host.
            ["Scheduling:Enabled"] = "false",
            ["Logging:File:Path"] = Path.Combine(Path.GetTempPath(), "credithub-test-logs", "hub-.json"),
        });
        // Each hub its own signing key and checkpoints file (exchange runs sign checkpoints), unless the test names them.
        var audit = Path.Combine(Path.GetTempPath(), "credithub-test-audit", Guid.NewGuid().ToString("N"));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AuditLog:SigningKeyPath"] = Path.Combine(audit, "signing-key.pem"),
            ["AuditLog:CheckpointsPath"] = Path.Combine(audit, "checkpoints.jsonl"),
        });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddCreditHub();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseCreditHub();
        return app;
    }

    /// <summary>Starts the hub after running <c>db migrate</c> (as an operator would).</summary>
    public static async Task<TestHub> StartAsync(IDictionary<string, string?> configuration, Action<WebApplicationBuilder>? configure = null, bool migrate = true)
    {
        var app = Build(configuration, configure);
        if (migrate)
        {
            var exit = await CliRoot.RunAsync(app, ["db", "migrate"]);
            if (exit != 0)
            {
                throw new InvalidOperationException($"db migrate exited {exit}");
            }
        }

        await app.StartAsync();
        return new TestHub(app);
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
