extern alias simulator;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.IntegrationTests.Exchange;
using GanXian.CreditHub.Platform.Contract;
using GanXian.CreditHub.Reconciliation;

namespace GanXian.CreditHub.IntegrationTests.Reconciliation;

public sealed class ReconciliationTests
{
    private const string Catalog = ExchangeTestBed.Catalog;

    [Fact]
    public async Task Records_deleted_altered_or_withdrawn_at_the_platform_and_strays_are_found_and_repaired_and_a_second_run_finds_nothing()
    {
        await using var bed = await ReconciliationTestBed.StartAsync();
        ExchangeTestBed.WriteExport(bed.ContributionInbox, "jf-202611.csv", ExchangeRunTests.Rows(6));
        Assert.Equal(6, (await bed.ExchangeAsync()).Catalogs[Catalog].Accepted);
        var hub = await bed.RecordsAsync(Catalog);
        Assert.Empty((await bed.ReconcileAsync()).Differences);

        var (deleted, altered, withdrawn) = (hub[0].RecordId, hub[1].RecordId, hub[2].RecordId);
        Assert.True(bed.Sim.TamperDelete(Catalog, deleted));
        bed.Sim.TamperAlter(Catalog, altered);
        bed.Sim.TamperAlter(Catalog, withdrawn, contentHash: hub[2].ContentHash, status: PlatformRecord.Withdrawn);

        // Someone else's submission under the hub's credentials: published at the platform, unknown to the hub.
        await using (var scope = bed.Hub.Services.CreateAsyncScope())
        {
            var api = scope.ServiceProvider.GetRequiredService<IPlatformApi>();
            var receipt = await api.SubmitBatchAsync(Catalog, new BatchRequest(Guid.NewGuid().ToString(), TestRules.Bureau,
                [new BatchRecord("stray-1", BatchRecord.Upsert, JsonNode.Parse(hub[3].Data)!.AsObject())]));
            Assert.Equal(ReceiptResult.Accepted, receipt.Results.Single().Status);
        }

        var batches = bed.Sim.Stats.Batches;
        var logged = (await bed.AuditAsync()).Count;
        var dry = await bed.ReconcileAsync(dryRun: true);
        var expected = new Dictionary<string, DifferenceKind>
        {
            [deleted] = DifferenceKind.MissingAtPlatform, [altered] = DifferenceKind.ContentDiffers,
            [withdrawn] = DifferenceKind.WithdrawnAtPlatform, ["stray-1"] = DifferenceKind.UnknownToHub,
        };
        Assert.Equal(expected, dry.Differences.ToDictionary(d => d.RecordId, d => d.Kind));
        Assert.Equal(6, dry.Checked);
        Assert.Null(dry.Repair);
        Assert.Equal(batches, bed.Sim.Stats.Batches);
        Assert.Null(bed.Sim.Find(Catalog, deleted));
        Assert.Equal(logged, (await bed.AuditAsync()).Count);

        var result = await bed.RunTaskAsync("reconciliation");
        Assert.True(result.Succeeded, result.Summary);
        Assert.Equal((4L, 1L, 1L, 1L, 1L, 3L, 1L), (result.Counts["differences"], result.Counts["missing"], result.Counts["contentDiffers"],
            result.Counts["withdrawnAtPlatform"], result.Counts["unknownToHub"], result.Counts["resent"], result.Counts["withdrawn"]));
        Assert.Equal(4, result.Counts["repairAccepted"]);
        Assert.Contains("差异 4 条", result.Summary);

        // The platform holds the hub's content again, published; the stray is withdrawn.
        foreach (var r in hub)
        {
            var held = bed.Sim.Find(Catalog, r.RecordId);
            Assert.NotNull(held);
            Assert.Equal((PlatformRecord.Published, r.ContentHash), (held.Status, held.ContentHash));
        }

        Assert.Equal(PlatformRecord.Withdrawn, bed.Sim.Find(Catalog, "stray-1")!.Status);
        var states = (await bed.RecordsAsync(Catalog)).ToDictionary(r => r.RecordId, r => r.State);
        Assert.All(hub, r => Assert.Equal(RecordStates.Accepted, states[r.RecordId]));
        Assert.Equal(RecordStates.Withdrawn, states["stray-1"]);

        var log = await bed.AuditAsync();
        Assert.Equal(expected.Keys.Order(), log.Skip(logged).Where(e => e.Kind == "reconcile.difference").Select(e => e.RecordId!).Order());
        var report = log.Skip(logged).Single(e => e.Kind == "reconcile.report");
        Assert.Contains("差异 4 条", report.Detail);
        Assert.Contains(log, e => e.Kind == "record.accepted" && e.RecordId == deleted && e.Seq > report.Seq);

        // A second reconciliation finds nothing and sends nothing; the CLI verb agrees.
        batches = bed.Sim.Stats.Batches;
        var second = await bed.ReconcileAsync();
        Assert.Empty(second.Differences);
        Assert.Null(second.Repair);
        Assert.Equal(7, second.Checked);
        Assert.Equal(0, await CliRoot.RunAsync(bed.Hub.App, ["reconcile", "--dry-run"]));
        Assert.Equal(batches, bed.Sim.Stats.Batches);
    }

    [Fact]
    public async Task An_unreachable_platform_leaves_everything_as_it_was()
    {
        await using var bed = await ReconciliationTestBed.StartAsync();
        ExchangeTestBed.WriteExport(bed.ContributionInbox, "jf-202611.csv", ExchangeRunTests.Rows(2));
        await bed.ExchangeAsync();
        var id = (await bed.RecordsAsync(Catalog))[0].RecordId;
        bed.Sim.TamperDelete(Catalog, id);
        bed.Sim.SetFaults(new simulator::GanXian.CreditHub.PlatformSimulator.SimulatorFaults { ErrorRate = 1 });

        var result = await bed.RunTaskAsync("reconciliation");

        Assert.False(result.Succeeded);
        Assert.Contains("读取平台数据失败", result.Summary);
        Assert.Equal(0, result.Counts["differences"]);
        Assert.All(await bed.RecordsAsync(Catalog), r => Assert.Equal(RecordStates.Accepted, r.State));
        bed.Sim.ClearFaults();
        Assert.Equal(DifferenceKind.MissingAtPlatform, Assert.Single((await bed.ReconcileAsync(dryRun: true)).Differences).Kind);
    }
}
