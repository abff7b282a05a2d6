extern alias simulator;
using GanXian.CreditHub.Exchange;
using Microsoft.EntityFrameworkCore;
using GanXian.CreditHub.Platform.Contract;
using GanXian.CreditHub.Reconciliation;
using simulator::GanXian.CreditHub.PlatformSimulator;

namespace GanXian.CreditHub.IntegrationTests.Reconciliation;

public sealed class ExpirySweepTests
{
    [Fact]
    public async Task Red_list_entries_past_their_end_are_withdrawn_at_the_platform_once_and_a_failed_send_is_retried()
    {
        await using var bed = await ReconciliationTestBed.StartAsync();
        bed.WriteRedList("hmd-2026.csv", [(1, "2026-12-10"), (2, "2026-12-10"), (3, "2027-06-30")]);
        var imported = await bed.ExchangeAsync();
        Assert.Equal(3, imported.Catalogs[ReconciliationTestBed.RedList].Accepted);
        var records = await bed.RecordsAsync(ReconciliationTestBed.RedList);
        Assert.Equal([new DateOnly(2026, 12, 10), new DateOnly(2026, 12, 10), new DateOnly(2027, 6, 30)], records.Select(r => r.PublishUntil!.Value));
        var (expired, current) = (records.Take(2).Select(r => r.RecordId).ToList(), records[2].RecordId);

        // Not yet past the end (12-10 itself is still inside the period): nothing to do.
        bed.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 10, 15, 0, 0, TimeSpan.Zero)); // 12-10 23:00 in Shanghai
        var early = await bed.RunTaskAsync("expiry-sweep");
        Assert.True(early.Succeeded, early.Summary);
        Assert.Equal(0, early.Counts["expired"]);

        // 12-11 in Shanghai (still 12-10 in UTC): past the end. The platform fails once: both stay pending.
        bed.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 10, 17, 0, 0, TimeSpan.Zero));
        bed.Sim.SetFaults(new SimulatorFaults { ErrorNext = 1 });
        var failed = await bed.RunTaskAsync("expiry-sweep");
        Assert.False(failed.Succeeded);
        Assert.Equal((2L, 0L, 2L), (failed.Counts["expired"], failed.Counts["withdrawn"], failed.Counts["pending"]));
        Assert.All(expired, id => Assert.Equal(PlatformRecord.Published, bed.Sim.Find(ReconciliationTestBed.RedList, id)!.Status));

        var swept = await bed.RunTaskAsync("expiry-sweep");
        Assert.True(swept.Succeeded, swept.Summary);
        Assert.Equal((2L, 2L, 0L), (swept.Counts["expired"], swept.Counts["withdrawn"], swept.Counts["pending"]));
        Assert.Contains("已在平台撤回 2 条", swept.Summary);
        Assert.All(expired, id => Assert.Equal(PlatformRecord.Withdrawn, bed.Sim.Find(ReconciliationTestBed.RedList, id)!.Status));
        Assert.Equal(PlatformRecord.Published, bed.Sim.Find(ReconciliationTestBed.RedList, current)!.Status);
        var after = (await bed.RecordsAsync(ReconciliationTestBed.RedList)).ToDictionary(r => r.RecordId);
        Assert.All(expired, id => Assert.Equal((RecordStates.Withdrawn, BatchRecord.Withdraw), (after[id].State, after[id].Op)));
        Assert.Equal(RecordStates.Accepted, after[current].State);
        var log = await bed.AuditAsync();
        Assert.Equal(expired.Order(), log.Where(e => e.Kind == "record.expired").Select(e => e.RecordId!).Order());
        Assert.Equal(expired.Order(), log.Where(e => e.Kind == "record.accepted" && e.State == RecordStates.Withdrawn).Select(e => e.RecordId!).Order());

        // Idempotent: a second run sends nothing.
        var batches = bed.Sim.Stats.Batches;
        var again = await bed.RunTaskAsync("expiry-sweep");
        Assert.True(again.Succeeded, again.Summary);
        Assert.Equal(0, again.Counts["expired"]);
        Assert.Equal(batches, bed.Sim.Stats.Batches);

        // Reconciliation leaves the expired entries withdrawn; one put back on display behind the hub's back is withdrawn again.
        bed.Sim.TamperAlter(ReconciliationTestBed.RedList, expired[0], status: PlatformRecord.Published);
        var report = await bed.ReconcileAsync();
        var d = Assert.Single(report.Differences);
        Assert.Equal((expired[0], DifferenceKind.PublishedButWithdrawnInHub), (d.RecordId, d.Kind));
        Assert.True(report.Succeeded, report.OneLine());
        Assert.Equal(PlatformRecord.Withdrawn, bed.Sim.Find(ReconciliationTestBed.RedList, expired[0])!.Status);
        Assert.Empty((await bed.ReconcileAsync()).Differences);

        // Each withdrawal told the platform why: the expired ones 期满, the reconciliation's repair 对账纠正. (The
        // fake clock stood still, so the two batches are told apart by content, not by time.)
        var withdrawals = await bed.QueryAsync(db => db.Set<ExchangeBatch>().AsNoTracking()
            .Where(b => b.State == BatchStates.Receipted && b.Body.Contains("\"op\":\"withdraw\"")).Select(b => b.Body).ToListAsync());
        Assert.Equal(2, withdrawals.Count);
        var sweep = Assert.Single(withdrawals, b => b.Contains("\"reason\":\"期满\""));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(sweep, "\"reason\":\"期满\""));
        var repair = Assert.Single(withdrawals, b => b != sweep);
        Assert.Contains($"\"recordId\":\"{expired[0]}\",\"op\":\"withdraw\",\"reason\":\"对账纠正\"", repair);
    }

    /// <summary>
    /// An export of a whole history holds entries already past their end. They were published by the push and
    /// withdrawn by the next one, so stale information stood on the platform for a day; a newer version of a published
    /// entry, past its end when imported, was sent as an upsert too.
    /// </summary>
    [Fact]
    public async Task An_entry_past_its_end_before_it_is_first_sent_is_never_published_and_a_newer_version_past_its_end_withdraws_the_old()
    {
        await using var bed = await ReconciliationTestBed.StartAsync(); // 2026-12-01
        bed.WriteRedList("hmd-history.csv", [(1, "2026-11-01"), (2, "2027-06-30")]);
        var first = await bed.ExchangeAsync();

        Assert.Equal((1L, 1L), (first.Catalogs[ReconciliationTestBed.RedList].Sent, first.Catalogs[ReconciliationTestBed.RedList].Accepted));
        Assert.Contains($"{ReconciliationTestBed.RedList}：1 条记录发送前公示期已满，未发送（记为已撤回，原因“期满”）。", first.Messages);
        var records = await bed.RecordsAsync(ReconciliationTestBed.RedList);
        var (old, current) = (records.Single(r => r.PublishUntil == new DateOnly(2026, 11, 1)), records.Single(r => r.PublishUntil == new DateOnly(2027, 6, 30)));
        Assert.Null(bed.Sim.Find(ReconciliationTestBed.RedList, old.RecordId));
        Assert.Equal((RecordStates.Withdrawn, BatchRecord.Withdraw, WithdrawReasons.Expired, null), (old.State, old.Op, old.WithdrawReason, old.AcceptedHash));
        Assert.Equal(PlatformRecord.Published, bed.Sim.Find(ReconciliationTestBed.RedList, current.RecordId)!.Status);
        var unsent = Assert.Single(await bed.AuditAsync(), e => e.Kind == "record.expired-unsent");
        Assert.Equal((old.RecordId, RecordStates.Withdrawn), (unsent.RecordId, unsent.State));
        Assert.Empty((await bed.ReconcileAsync(dryRun: true)).Differences);
        Assert.Equal(0, (await bed.RunTaskAsync("expiry-sweep")).Counts["expired"]);

        // The same entry exported with a later end is published after all.
        bed.WriteRedList("hmd-corrected.csv", [(1, "2027-03-01"), (2, "2027-06-30")]);
        var corrected = await bed.ExchangeAsync();
        Assert.Equal(1L, corrected.Catalogs[ReconciliationTestBed.RedList].Accepted);
        Assert.Equal(PlatformRecord.Published, bed.Sim.Find(ReconciliationTestBed.RedList, old.RecordId)!.Status);

        // A year on, a newer version of the second, itself past its end: the published one is withdrawn, the new one not sent.
        bed.Clock.SetUtcNow(new DateTimeOffset(2027, 7, 1, 2, 0, 0, TimeSpan.Zero));
        bed.WriteRedList("hmd-2027.csv", [(1, "2027-03-01"), (2, "2027-06-29")]);
        var late = await bed.ExchangeAsync();

        Assert.Equal(ExchangeRunStatus.Completed, late.Status);
        Assert.Equal((2L, 2L), (late.Catalogs[ReconciliationTestBed.RedList].Sent, late.Catalogs[ReconciliationTestBed.RedList].Accepted));
        var held = bed.Sim.Find(ReconciliationTestBed.RedList, current.RecordId)!;
        Assert.Equal((PlatformRecord.Withdrawn, current.ContentHash), (held.Status, held.ContentHash));
        Assert.All(await bed.RecordsAsync(ReconciliationTestBed.RedList), r => Assert.Equal((RecordStates.Withdrawn, WithdrawReasons.Expired), (r.State, r.WithdrawReason)));
        Assert.Equal(PlatformRecord.Withdrawn, bed.Sim.Find(ReconciliationTestBed.RedList, old.RecordId)!.Status);
    }

    [Fact]
    public async Task A_penalty_without_a_publication_end_leaves_the_platform_when_its_tier_period_ends()
    {
        await using var bed = await ReconciliationTestBed.StartAsync();
        bed.WritePenalties("处罚-2026-11.csv", [(21, "警告", ""), (22, "罚款", "5000")]);
        var imported = await bed.ExchangeAsync();
        Assert.Equal(2, imported.Catalogs[ReconciliationTestBed.Penalties].Accepted);
        var records = (await bed.RecordsAsync(ReconciliationTestBed.Penalties)).OrderBy(r => r.PublishUntil).ToList();
        // A warning is minor (3 months from the 2026-11-10 decision), a 5,000-yuan fine general (a year).
        Assert.Equal([new DateOnly(2027, 2, 10), new DateOnly(2027, 11, 10)], records.Select(r => r.PublishUntil!.Value));

        bed.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 11, 1, 0, 0, TimeSpan.Zero));
        var swept = await bed.RunTaskAsync("expiry-sweep");

        Assert.True(swept.Succeeded, swept.Summary);
        Assert.Equal((1L, 1L), (swept.Counts["expired"], swept.Counts["withdrawn"]));
        Assert.Equal(PlatformRecord.Withdrawn, bed.Sim.Find(ReconciliationTestBed.Penalties, records[0].RecordId)!.Status);
        Assert.Equal(PlatformRecord.Published, bed.Sim.Find(ReconciliationTestBed.Penalties, records[1].RecordId)!.Status);
    }
}
