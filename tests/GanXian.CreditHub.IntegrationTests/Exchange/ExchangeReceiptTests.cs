extern alias simulator;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using GanXian.CreditHub.Collect;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Exchange.Pages;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using GanXian.CreditHub.Platform.Contract;
using GanXian.CreditHub.Reconciliation;
using simulator::GanXian.CreditHub.PlatformSimulator;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.IntegrationTests.Exchange;

/// <summary>Answers of the platform that are 200 but not the batch's receipt, and what the exchange makes of them.</summary>
public sealed class ExchangeReceiptTests
{
    public static TheoryData<string> Tampers => ["unknown-status", "other-batch", "extra-record", "missing-record", "twice", "no-results", "reordered"];

    [Theory]
    [MemberData(nameof(Tampers))]
    public async Task A_receipt_that_does_not_match_the_batch_fails_the_batch_visibly_and_the_records_go_out_in_a_new_one(string tamper)
    {
        // One batch at a time: 30 rows in batches of 20 → the tampered first batch, then nothing more in that run.
        string? tampered = null;
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite, c =>
        {
            c["Exchange:BatchesInFlight"] = "1";
            c["Exchange:BatchesPerTransaction"] = "1";
        }, services: s => PlatformApiDecorator.Decorate(s, inner => new ReceiptTampering(inner, receipt =>
        {
            // The platform repeats a batch's receipt for every resend of it: the first batch always gets the bad one.
            tampered ??= receipt.BatchId;
            return receipt.BatchId == tampered ? Tamper(tamper, receipt) : receipt;
        })));
        bed.WriteFile("a.csv", ExchangeRunTests.Rows(30));

        var first = await bed.RunAsync();

        Assert.Equal(ExchangeRunStatus.Refused, first.Status);
        var message = Assert.Single(first.Messages, m => m.Contains("平台回执与批次"));
        Assert.Contains("不符", message);
        var batch = await bed.QueryAsync(db => db.Set<ExchangeBatch>().AsNoTracking().SingleAsync(b => b.Id == tampered));
        Assert.Equal(BatchStates.Failed, batch.State);
        var records = await bed.RecordsAsync();
        Assert.Equal(30, records.Count(r => r.State == RecordStates.Pending));
        Assert.Empty(await bed.QuarantineAsync(null));
        var log = await bed.AuditAsync();
        Assert.Contains(log, e => e.Kind == "batch.failed" && e.BatchId == tampered && e.Detail!.Contains("不符"));
        Assert.DoesNotContain(log, e => e.Kind is "record.accepted" or "record.rejected" or "batch.receipted");

        var second = await bed.RunAsync();

        Assert.Equal(ExchangeRunStatus.Completed, second.Status);
        Assert.All(await bed.RecordsAsync(), r => Assert.Equal(RecordStates.Accepted, r.State));
        Assert.Equal((await bed.RecordsAsync()).ToDictionary(r => r.RecordId, r => r.ContentHash), bed.Held());
        Assert.Equal(30, (await bed.AuditAsync()).Count(e => e.Kind == "record.accepted"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_acceptance_without_a_content_hash_still_counts_as_published_so_a_withdrawal_is_sent(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider, services: s => PlatformApiDecorator.Decorate(s, inner => new ReceiptTampering(inner,
            receipt => receipt with { Results = [.. receipt.Results.Select(x => x with { ContentHash = null })] })));
        bed.WriteFile("a.csv", ExchangeRunTests.Rows(3));

        Assert.Equal(ExchangeRunStatus.Completed, (await bed.RunAsync()).Status);

        Assert.All(await bed.RecordsAsync(), r => Assert.Equal((RecordStates.Accepted, r.ContentHash), (r.State, r.AcceptedHash)));
        // The log keeps what the platform said: no hash.
        Assert.All((await bed.AuditAsync()).Where(e => e.Kind == "record.accepted"), e => Assert.Null(e.PayloadHash));

        // The decision is revoked: the withdrawal must reach the platform, not be marked done in the hub alone.
        var recordId = (await bed.RecordsAsync())[1].RecordId;
        using var client = bed.Hub.CreateClient().As("alice", Roles.Officer);
        var withdraw = await client.PostAsJsonAsync($"/api/exchange/records/{recordId}/withdraw", new { reason = "处罚决定已撤销" });
        Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);
        Assert.Equal(RecordStates.Pending, (await bed.RecordsAsync()).Single(r => r.RecordId == recordId).State);

        await bed.RunAsync();

        Assert.Equal("withdrawn", bed.Sim.Find(ExchangeTestBed.Catalog, recordId)!.Status);
        Assert.Equal(RecordStates.Withdrawn, (await bed.RecordsAsync()).Single(r => r.RecordId == recordId).State);
    }

    [Fact]
    public async Task An_acceptance_naming_other_content_than_was_sent_is_not_taken_as_published_and_the_record_is_sent_again()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite);
        bed.WriteFile("a.csv", ExchangeRunTests.Rows(3));
        bed.Sim.SetFaults(new SimulatorFaults { ContentHashMismatchNext = 1 });

        var first = await bed.RunAsync();

        Assert.Equal(ExchangeRunStatus.Completed, first.Status);
        var s = first.Catalogs[ExchangeTestBed.Catalog];
        Assert.Equal((3L, 0L, 0L, 3L), (s.Sent, s.Accepted, s.Rejected, s.Pending));
        Assert.Contains(first.Messages, m => m.Contains("内容摘要") && m.Contains("3 条"));
        var held = bed.Held();
        var records = await bed.RecordsAsync();
        // Pending a resend; what the platform holds is kept as what it holds (a withdrawal would still be sent).
        Assert.All(records, r => Assert.Equal((RecordStates.Pending, held[r.RecordId]), (r.State, r.AcceptedHash)));
        Assert.All(records, r => Assert.NotEqual(r.ContentHash, r.AcceptedHash));
        var log = await bed.AuditAsync();
        Assert.DoesNotContain(log, e => e.Kind == "record.accepted");
        Assert.All(records, r =>
        {
            var e = Assert.Single(log, e => e.Kind == "record.content-mismatch" && e.RecordId == r.RecordId);
            Assert.Equal((RecordStates.Pending, held[r.RecordId]), (e.State, e.PayloadHash));
            Assert.Contains(r.ContentHash, e.Detail);
            Assert.Contains(held[r.RecordId], e.Detail);
        });
        Assert.Empty(await bed.QuarantineAsync());

        var second = await bed.RunAsync();

        Assert.Equal(ExchangeRunStatus.Completed, second.Status);
        Assert.Equal((3L, 3L), (second.Catalogs[ExchangeTestBed.Catalog].Sent, second.Catalogs[ExchangeTestBed.Catalog].Accepted));
        Assert.All(await bed.RecordsAsync(), r => Assert.Equal((RecordStates.Accepted, r.ContentHash), (r.State, r.AcceptedHash)));
        Assert.Equal((await bed.RecordsAsync()).ToDictionary(r => r.RecordId, r => r.ContentHash), bed.Held());
        Assert.Empty(await bed.QuarantineAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Other_content_again_after_the_resend_becomes_an_officers_item_naming_both_hashes_and_is_not_sent_again(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider);
        bed.WriteFile("a.csv", ExchangeRunTests.Rows(3));
        bed.Sim.SetFaults(new SimulatorFaults { ContentHashMismatchNext = 2 });
        await bed.RunAsync();

        var second = await bed.RunAsync();

        Assert.Equal(ExchangeRunStatus.Completed, second.Status);
        var s = second.Catalogs[ExchangeTestBed.Catalog];
        Assert.Equal((3L, 0L, 3L, 0L), (s.Sent, s.Accepted, s.Rejected, s.Pending));
        var held = bed.Held();
        var records = await bed.RecordsAsync();
        Assert.All(records, r => Assert.Equal((RecordStates.Rejected, held[r.RecordId]), (r.State, r.AcceptedHash)));
        var items = await bed.QuarantineAsync();
        Assert.Equal(records.Select(r => r.RecordId), items.Select(i => i.RecordId));
        Assert.All(items, i =>
        {
            Assert.Equal((QuarantineKinds.Platform, "CONTENT_HASH_MISMATCH"), (i.Kind, i.Rule));
            Assert.Contains(records.Single(r => r.RecordId == i.RecordId).ContentHash, i.Message);
            Assert.Contains(held[i.RecordId!], i.Message);
            Assert.Contains("重新发送后仍不符", i.Message);
        });
        Assert.Equal(3, (await bed.AuditAsync()).Count(e => e.Kind == "record.content-mismatch" && e.State == RecordStates.Rejected));

        // The officer reads it as a mismatch, not as a refusal whose reason the platform never gave.
        using var reader = bed.Hub.CreateClient().As("alice", Roles.Officer);
        var list = await reader.GetStringAsync(QuarantinePages.ListPath);
        Assert.Equal(3, Regex.Count(list, ">回执摘要不符</td>"));
        Assert.DoesNotContain(">平台拒收</td>", list);
        var item = await reader.GetStringAsync(QuarantinePages.ItemPath(items[0].Id));
        Assert.Contains("<td>回执摘要不符</td>", item);

        // Neither the next run nor the one after sends it again: it waits for an officer.
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var next = await bed.RunAsync();
            Assert.Equal(0L, next.Catalogs.GetValueOrDefault(ExchangeTestBed.Catalog)?.Sent ?? 0L);
        }

        Assert.Equal(3, (await bed.QuarantineAsync()).Count);
        // The platform holds something under the recordId: an officer's withdrawal must reach it.
        using var client = bed.Hub.CreateClient().As("alice", Roles.Officer);
        var recordId = records[0].RecordId;
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/exchange/records/{recordId}/withdraw", new { reason = "处罚决定已撤销" })).StatusCode);
        await bed.RunAsync(ExchangeRunMode.PushOnly);
        Assert.Equal("withdrawn", bed.Sim.Find(ExchangeTestBed.Catalog, recordId)!.Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_withdrawal_of_a_record_the_platform_does_not_hold_ends_withdrawn_and_another_refusal_stays_an_officers_item(DatabaseProvider provider)
    {
        // The platform refuses the second withdrawal for a reason of its own, not NOT_FOUND.
        string? refused = null;
        await using var bed = await ExchangeTestBed.StartAsync(provider, services: s => PlatformApiDecorator.Decorate(s, inner => new ReceiptTampering(inner,
            receipt => receipt with
            {
                Results = [.. receipt.Results.Select(x => x.RecordId == refused
                    ? x with { Errors = [new RecordError(null, "RULE_VIOLATION", "撤回须经数据来源单位确认")] }
                    : x)],
            })));
        bed.WriteFile("a.csv", ExchangeRunTests.Rows(3));
        await bed.RunAsync();
        var ids = (await bed.RecordsAsync()).Select(r => r.RecordId).ToList();
        var (gone, kept) = (ids[0], ids[2]);
        refused = ids[1];
        // The platform lost them (or a repair withdrew them already): it no longer holds either.
        Assert.True(bed.Sim.TamperDelete(ExchangeTestBed.Catalog, gone));
        Assert.True(bed.Sim.TamperDelete(ExchangeTestBed.Catalog, refused));
        using var client = bed.Hub.CreateClient().As("alice", Roles.Officer);
        foreach (var id in new[] { gone, refused })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/exchange/records/{id}/withdraw", new { reason = "处罚决定已撤销" })).StatusCode);
        }

        var summary = await bed.RunAsync(ExchangeRunMode.PushOnly);

        Assert.Equal(ExchangeRunStatus.Completed, summary.Status);
        var s = summary.Catalogs[ExchangeTestBed.Catalog];
        Assert.Equal((2L, 1L, 1L), (s.Sent, s.Accepted, s.Rejected));
        var records = (await bed.RecordsAsync()).ToDictionary(r => r.RecordId);
        // Not published is what the withdrawal was for: done, and nothing says the platform still shows it.
        Assert.Equal((RecordStates.Withdrawn, "alice", null), (records[gone].State, records[gone].WithdrawnBy, records[gone].AcceptedHash));
        Assert.Equal(RecordStates.Rejected, records[refused].State);
        Assert.Equal(RecordStates.Accepted, records[kept].State);
        var item = Assert.Single(await bed.QuarantineAsync());
        Assert.Equal((refused, QuarantineKinds.Platform, "RULE_VIOLATION"), (item.RecordId, item.Kind, item.Rule));
        Assert.Equal("平台拒收：撤回须经数据来源单位确认", item.Message);
        var log = (await bed.AuditAsync()).Where(e => e.RecordId == gone).ToList();
        var done = Assert.Single(log, e => e.Kind == "record.withdraw-not-found");
        Assert.Equal(RecordStates.Withdrawn, done.State);
        Assert.Contains("NOT_FOUND", done.Detail);
        Assert.DoesNotContain(log, e => e.Kind == "record.rejected");
        Assert.Contains(await bed.AuditAsync(), e => e.Kind == "record.rejected" && e.RecordId == refused && e.State == RecordStates.Rejected);
        var page = await client.GetStringAsync($"/exchange/records/{gone}");
        Assert.Contains("已撤回", page);
        Assert.DoesNotContain("平台已拒收", page);

        // Neither is sent again.
        var again = await bed.RunAsync(ExchangeRunMode.PushOnly);
        Assert.Equal(0L, again.Catalogs.GetValueOrDefault(ExchangeTestBed.Catalog)?.Sent ?? 0L);
        Assert.Null(bed.Sim.Find(ExchangeTestBed.Catalog, gone));
    }

    /// <summary>
    /// The platform's answer to an accepted withdrawal names the hash of the content it withdrew. Kept as the accepted
    /// hash, it made the record look published: when the source exported that content again, the import took it as
    /// unchanged, marked the record accepted and sent nothing, while the platform showed it withdrawn. An officer's
    /// withdrawal stands against any export (RecordActions); a reconciliation's does not.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_completed_withdrawal_leaves_no_accepted_hash_so_the_same_content_exported_again_is_sent_again(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider);
        bed.WriteFile("a.csv", ExchangeRunTests.Rows(1));
        await bed.RunAsync();
        var revoked = Assert.Single(await bed.RecordsAsync(), r => r.State == RecordStates.Accepted).RecordId;
        using var client = bed.Hub.CreateClient().As("alice", Roles.Officer);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/exchange/records/{revoked}/withdraw", new { reason = "处罚决定已撤销" })).StatusCode);
        await bed.RunAsync(ExchangeRunMode.PushOnly);
        Assert.Equal(PlatformRecord.Withdrawn, bed.Sim.Find(ExchangeTestBed.Catalog, revoked)!.Status);
        var taken = Assert.Single(await bed.RecordsAsync());
        Assert.Equal((RecordStates.Withdrawn, null), (taken.State, taken.AcceptedHash));

        // The platform publishes another record of the source, as the hub sends it, that the hub's database does not
        // hold (sent by an installation whose database was not carried over): reconciliation withdraws it.
        string stray;
        await using (var scope = bed.Hub.Services.CreateAsyncScope())
        {
            var source = scope.ServiceProvider.GetRequiredService<CollectSources>().All.Single();
            var exported = ExchangeTestBed.WriteExport(Path.Combine(bed.Root, "earlier"), "jf.csv", ExchangeRunTests.Rows(1, from: 1));
            var record = await scope.ServiceProvider.GetRequiredService<ISourceFileReader>().ReadAsync(source, exported, null, CancellationToken.None).SingleAsync();
            stray = record.RecordId!;
            var receipt = await scope.ServiceProvider.GetRequiredService<IPlatformApi>().SubmitBatchAsync(ExchangeTestBed.Catalog,
                new BatchRequest(Guid.NewGuid().ToString(), TestRules.Bureau, [new BatchRecord(stray, BatchRecord.Upsert, record.Data!)]));
            Assert.Equal(ReceiptResult.Accepted, receipt.Results.Single().Status);
        }

        await using (var scope = bed.Hub.Services.CreateAsyncScope())
        {
            var report = await scope.ServiceProvider.GetRequiredService<Reconciler>().RunAsync("system:test", dryRun: false, CancellationToken.None);
            Assert.True(report.Succeeded, report.OneLine());
            var difference = Assert.Single(report.Differences);
            Assert.Equal((stray, DifferenceKind.UnknownToHub), (difference.RecordId, difference.Kind));
        }

        Assert.Equal(PlatformRecord.Withdrawn, bed.Sim.Find(ExchangeTestBed.Catalog, stray)!.Status);
        var withdrawn = (await bed.RecordsAsync()).Single(r => r.RecordId == stray);
        Assert.Equal((RecordStates.Withdrawn, null, null), (withdrawn.State, withdrawn.WithdrawnBy, withdrawn.AcceptedHash));

        // The source exports both, with the content the platform withdrew.
        bed.WriteFile("b.csv", ExchangeRunTests.Rows(2));
        var run = await bed.RunAsync();

        Assert.Equal(ExchangeRunStatus.Completed, run.Status);
        Assert.Equal((1L, 1L), (run.Catalogs[ExchangeTestBed.Catalog].Sent, run.Catalogs[ExchangeTestBed.Catalog].Accepted));
        var records = (await bed.RecordsAsync()).ToDictionary(r => r.RecordId);
        Assert.Equal((RecordStates.Accepted, records[stray].ContentHash), (records[stray].State, records[stray].AcceptedHash));
        var held = bed.Sim.Find(ExchangeTestBed.Catalog, stray)!;
        Assert.Equal((PlatformRecord.Published, records[stray].ContentHash), (held.Status, held.ContentHash));
        // The revoked decision stays off the platform.
        Assert.Equal((RecordStates.Withdrawn, "alice"), (records[revoked].State, records[revoked].WithdrawnBy));
        Assert.Equal(PlatformRecord.Withdrawn, bed.Sim.Find(ExchangeTestBed.Catalog, revoked)!.Status);
    }

    [Fact]
    public async Task Feedback_is_logged_with_the_state_the_record_is_really_in_and_feedback_on_an_unknown_record_says_so()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite);
        bed.WriteFile("a.csv", ExchangeRunTests.Rows(3));
        await bed.RunAsync();
        // Newer content of the first record is on its way (the answer was lost) when the platform's feedback comes.
        bed.WriteFile("b.csv", ExchangeRunTests.Rows(1, 5000m));
        bed.Sim.SetFaults(new SimulatorFaults { DropNext = 1 });
        Assert.Equal(ExchangeRunStatus.PendingRemain, (await bed.RunAsync()).Status);
        var records = await bed.RecordsAsync();
        var travelling = Assert.Single(records, r => r.State == RecordStates.Sending).RecordId;
        var published = records.First(r => r.State == RecordStates.Accepted).RecordId;
        foreach (var recordId in new[] { travelling, published, "no-such-record" })
        {
            bed.Sim.InjectFeedback(ExchangeTestBed.Catalog, recordId, "DATA_MISMATCH", "与税务部门数据不一致");
        }

        await bed.RunAsync(ExchangeRunMode.FeedbackOnly);

        var log = (await bed.AuditAsync()).Where(e => e.Kind == "record.feedback").ToDictionary(e => e.RecordId!);
        Assert.Equal(RecordStates.Sending, log[travelling].State);
        Assert.Equal(RecordStates.Rejected, log[published].State);
        Assert.Null(log["no-such-record"].State);
        Assert.Contains("本系统没有这条记录", log["no-such-record"].Detail);
        Assert.Equal(3, (await bed.QuarantineAsync()).Count(i => i.Kind == QuarantineKinds.Feedback));
        Assert.Equal(RecordStates.Sending, (await bed.RecordsAsync()).Single(r => r.RecordId == travelling).State);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Feedback_without_a_record_code_or_message_is_stored_shown_and_acknowledged(DatabaseProvider provider)
    {
        var acknowledged = new List<string>();
        var page = new FeedbackPage([new FeedbackItem("F-incomplete", ExchangeTestBed.Catalog, null!, null!, null!, DateTimeOffset.UtcNow)], null);
        await using var bed = await ExchangeTestBed.StartAsync(provider, services: s => PlatformApiDecorator.Decorate(s, inner =>
            new FeedbackFrom(inner, () => acknowledged.Contains("F-incomplete") ? new FeedbackPage([], null) : page, acknowledged.Add)));

        var summary = await bed.RunAsync(ExchangeRunMode.FeedbackOnly);

        Assert.Equal(ExchangeRunStatus.Completed, summary.Status);
        Assert.Equal(["F-incomplete"], acknowledged);
        var item = Assert.Single(await bed.QuarantineAsync());
        Assert.Equal((QuarantineKinds.Feedback, "UNSPECIFIED"), (item.Kind, item.Rule));
        Assert.Equal("平台问题数据反馈：平台未说明原因（平台未注明记录）", item.Message);
        Assert.Equal(ExchangeRunStatus.Completed, (await bed.RunAsync(ExchangeRunMode.FeedbackOnly)).Status);
        Assert.Single(await bed.QuarantineAsync());
    }

    /// <summary>Feedback pages from <paramref name="page"/> instead of the platform; acknowledgements only recorded.</summary>
    private sealed class FeedbackFrom(IPlatformApi inner, Func<FeedbackPage> page, Action<string> acknowledge) : PlatformApiDecorator(inner)
    {
        public override Task<FeedbackPage> GetFeedbackAsync(string? cursor = null, int? limit = null, CancellationToken ct = default) => Task.FromResult(page());

        public override Task AcknowledgeFeedbackAsync(string feedbackId, CancellationToken ct = default)
        {
            acknowledge(feedbackId);
            return Task.CompletedTask;
        }
    }

    private static BatchReceipt Tamper(string how, BatchReceipt r) => how switch
    {
        "unknown-status" => r with { Results = [r.Results[0] with { Status = "processing" }, .. r.Results.Skip(1)] },
        "other-batch" => r with { BatchId = Guid.CreateVersion7().ToString() },
        "extra-record" => r with { Results = [.. r.Results.SkipLast(1), r.Results[^1] with { RecordId = "not-in-this-batch" }] },
        "missing-record" => r with { Results = [.. r.Results.SkipLast(1)] },
        "twice" => r with { Results = [.. r.Results.SkipLast(1), r.Results[0]] },
        "no-results" => r with { Results = null! },
        "reordered" => r with { Results = [r.Results[1], r.Results[0], .. r.Results.Skip(2)] },
        _ => throw new ArgumentOutOfRangeException(nameof(how)),
    };

    /// <summary>The real client, with each batch receipt passed through <paramref name="tamper"/>.</summary>
    private sealed class ReceiptTampering(IPlatformApi inner, Func<BatchReceipt, BatchReceipt> tamper) : PlatformApiDecorator(inner)
    {
        public override async Task<BatchReceipt> SubmitBatchBodyAsync(string code, Stream body, CancellationToken ct = default) =>
            tamper(await base.SubmitBatchBodyAsync(code, body, ct));
    }
}

/// <summary>Passes every call to the hub's real platform client; tests override the calls they disturb.</summary>
internal class PlatformApiDecorator(IPlatformApi inner) : IPlatformApi
{
    /// <summary>Replaces the registered <see cref="IPlatformApi"/> with <paramref name="wrap"/> around it.</summary>
    public static void Decorate(IServiceCollection services, Func<IPlatformApi, IPlatformApi> wrap)
    {
        var original = services.Last(d => d.ServiceType == typeof(IPlatformApi));
        services.Remove(original);
        services.Add(ServiceDescriptor.Describe(typeof(IPlatformApi), sp => wrap((IPlatformApi)(original.ImplementationFactory is { } factory
            ? factory(sp)
            : original.ImplementationInstance ?? ActivatorUtilities.CreateInstance(sp, original.ImplementationType!))), original.Lifetime));
    }

    public virtual Task<IReadOnlyList<CatalogDefinition>> GetCatalogsAsync(CancellationToken ct = default) => inner.GetCatalogsAsync(ct);

    public virtual Task<BatchReceipt> SubmitBatchAsync(string code, BatchRequest batch, CancellationToken ct = default) => inner.SubmitBatchAsync(code, batch, ct);

    public virtual Task<BatchReceipt> SubmitBatchBodyAsync(string code, Stream body, CancellationToken ct = default) => inner.SubmitBatchBodyAsync(code, body, ct);

    public virtual Task<PlatformRecord> GetRecordAsync(string code, string recordId, CancellationToken ct = default) => inner.GetRecordAsync(code, recordId, ct);

    public virtual Task<RecordPage> GetRecordsAsync(string code, DateTimeOffset? updatedSince = null, string? cursor = null, int? limit = null, CancellationToken ct = default) =>
        inner.GetRecordsAsync(code, updatedSince, cursor, limit, ct);

    public virtual Task<FeedbackPage> GetFeedbackAsync(string? cursor = null, int? limit = null, CancellationToken ct = default) => inner.GetFeedbackAsync(cursor, limit, ct);

    public virtual Task AcknowledgeFeedbackAsync(string feedbackId, CancellationToken ct = default) => inner.AcknowledgeFeedbackAsync(feedbackId, ct);
}
