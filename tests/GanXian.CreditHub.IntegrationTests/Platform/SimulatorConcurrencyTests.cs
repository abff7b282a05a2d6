using GanXian.CreditHub.Platform.Contract;
using static GanXian.CreditHub.IntegrationTests.Platform.SimulatedPlatform;

namespace GanXian.CreditHub.IntegrationTests.Platform;

public class SimulatorConcurrencyTests
{
    [Fact]
    public async Task The_same_batch_sent_concurrently_is_applied_once_and_every_sender_gets_the_same_receipt()
    {
        await using var p = Start();
        var batch = Batch(Enumerable.Range(0, 50).Select(i => Upsert($"r-{i}", SampleRecords.Contribution(i))).ToArray());

        var receipts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => p.Api.SubmitBatchAsync("SHBX_JFXX", batch))));

        Assert.Equal(1, p.Sim.Stats.Batches);
        Assert.Equal(50, p.Sim.Records().Count);
        Assert.All(receipts, r =>
        {
            Assert.Equal(receipts[0].ReceivedAt, r.ReceivedAt);
            Assert.Equal(receipts[0].Results, r.Results);
        });
    }

    [Fact]
    public async Task Different_batches_sent_concurrently_are_all_held()
    {
        await using var p = Start();
        var batches = Enumerable.Range(0, 16)
            .Select(b => Batch(Enumerable.Range(0, 40).Select(i => Upsert($"r-{b}-{i}", SampleRecords.Contribution(i))).ToArray()))
            .ToList();

        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (b, ct) => await p.Api.SubmitBatchAsync("SHBX_JFXX", b, ct));

        var held = p.Sim.Records();
        Assert.Equal(640, held.Count);
        Assert.Equal(640, held.Select(r => r.PlatformId).Distinct().Count());
        var page = await p.Api.GetRecordsAsync("SHBX_JFXX", limit: 1000);
        Assert.Equal(640, page.Items.Count);
    }
}
