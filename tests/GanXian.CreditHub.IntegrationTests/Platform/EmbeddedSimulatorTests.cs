using GanXian.CreditHub.Platform;
using GanXian.CreditHub.Platform.Contract;
using static GanXian.CreditHub.IntegrationTests.Platform.SimulatedPlatform;

namespace GanXian.CreditHub.IntegrationTests.Platform;

/// <summary>The embedded default: the hub loads the simulator copied to simulator/ and points its own client at it.</summary>
public class EmbeddedSimulatorTests
{
    private static ServiceProvider Embedded(string? stateFile = null) => ClientFor("http://unused", new()
    {
        ["Platform:Mode"] = "EmbeddedSimulator",
        ["Platform:BaseUrl"] = null,
        ["Platform:AppKey"] = null,
        ["Platform:AppSecret"] = null,
        ["Platform:SourceUnitUscc"] = null,
        ["Platform:SimulatorStateFile"] = stateFile,
    });

    [Fact]
    public async Task Starts_an_in_process_simulator_with_fresh_credentials_and_stops_it_with_the_last_lease()
    {
        var file = Path.Combine(Path.GetTempPath(), $"embedded-{Guid.NewGuid():N}.jsonl");
        try
        {
            string firstUrl;
            await using (var services = Embedded(file))
            {
                var endpoint = services.GetRequiredService<PlatformEndpoint>();
                await using (var sim = await EmbeddedSimulator.StartIfConfiguredAsync(services))
                {
                    await using var joined = await EmbeddedSimulator.StartIfConfiguredAsync(services);
                    firstUrl = endpoint.Current.BaseUri.ToString();
                    var api = services.GetRequiredService<IPlatformApi>();
                    var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PlatformOptions>>().Value;

                    var receipt = await api.SubmitBatchAsync("SHBX_JFXX", new BatchRequest(Guid.NewGuid().ToString(), options.SourceUnitUscc,
                        [Upsert("e-1", SampleRecords.Contribution())]));

                    Assert.Equal(ReceiptResult.Accepted, receipt.Results.Single().Status);
                    Assert.StartsWith("embedded-", endpoint.Current.AppKey);
                }

                Assert.False(endpoint.IsSet);
            }

            await using var again = Embedded(file);
            await using var second = await EmbeddedSimulator.StartIfConfiguredAsync(again);
            var held = await again.GetRequiredService<IPlatformApi>().GetRecordAsync("SHBX_JFXX", "e-1");

            Assert.Equal(PlatformRecord.Published, held.Status);
            Assert.NotEqual(firstUrl, again.GetRequiredService<PlatformEndpoint>().Current.BaseUri.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Remote_mode_starts_nothing()
    {
        await using var services = ClientFor("http://127.0.0.1:1/");

        await using var lease = await EmbeddedSimulator.StartIfConfiguredAsync(services);

        Assert.Equal(new Uri("http://127.0.0.1:1/"), services.GetRequiredService<PlatformEndpoint>().Current.BaseUri);
    }
}
