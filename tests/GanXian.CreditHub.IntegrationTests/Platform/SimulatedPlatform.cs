extern alias simulator;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Platform;
using GanXian.CreditHub.Platform.Contract;
using simulator::GanXian.CreditHub.PlatformSimulator;

namespace GanXian.CreditHub.IntegrationTests.Platform;

/// <summary>A simulator on a free loopback port and the hub's real client (the production registration) pointed at it.</summary>
internal sealed class SimulatedPlatform : IAsyncDisposable
{
    public const string AppKey = "test-app";
    public const string AppSecret = "test-secret";
    public const string SourceUnit = "11360721014957209W";

    private SimulatedPlatform(SimulatorServer sim, ServiceProvider services)
    {
        Sim = sim;
        Services = services;
    }

    public SimulatorServer Sim { get; }

    public ServiceProvider Services { get; }

    public IPlatformApi Api => Services.GetRequiredService<IPlatformApi>();

    public static SimulatedPlatform Start(
        Action<SimulatorOptions>? simulator = null, Dictionary<string, string?>? client = null, TimeProvider? clientClock = null)
    {
        var options = new SimulatorOptions { AppKey = AppKey, AppSecret = AppSecret };
        simulator?.Invoke(options);
        var sim = SimulatorServer.Start(options);
        return new SimulatedPlatform(sim, ClientFor(sim.Url, client, clientClock));
    }

    public static ServiceProvider ClientFor(string url, Dictionary<string, string?>? overrides = null, TimeProvider? clock = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Platform:Mode"] = "Remote",
            ["Platform:BaseUrl"] = url,
            ["Platform:AppKey"] = AppKey,
            ["Platform:AppSecret"] = AppSecret,
            ["Platform:SourceUnitUscc"] = SourceUnit,
            // Short waits keep the suite fast; the behaviour under test (retry, Retry-After, breaker) is the same.
            ["Platform:RetryBaseDelay"] = "00:00:00.010",
            ["Platform:MaxRetryAttempts"] = "8",
            ["Platform:AttemptTimeout"] = "00:00:10",
            ["Platform:TotalTimeout"] = "00:01:00",
            ["Platform:CircuitBreakerMinimumThroughput"] = "1000",
        };
        foreach (var (k, v) in overrides ?? [])
        {
            values[k] = v;
        }

        var config = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(clock ?? TimeProvider.System);
        services.AddPlatformClient(config.GetSection("Platform"));
        return services.BuildServiceProvider(validateScopes: true);
    }

    public static BatchRequest Batch(params BatchRecord[] records) => new(Guid.NewGuid().ToString(), SourceUnit, records);

    public static BatchRecord Upsert(string recordId, JsonObject data) => new(recordId, BatchRecord.Upsert, data);

    public static BatchRecord Withdraw(string recordId) => new(recordId, BatchRecord.Withdraw, Reason: "信用修复");

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Sim.DisposeAsync();
    }
}
