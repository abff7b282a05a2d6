using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GanXian.CreditHub.IntegrationTests.AuditLog;

/// <summary>
/// The log is altered directly in SQL (triggers off, as an owner or superuser could) and verification must name the
/// first broken sequence number. Layout: 25 exchange entries, signed checkpoints at 10 and 20, 21–25 not yet signed.
/// </summary>
public sealed class TamperDetectionTests
{
    public static IEnumerable<object[]> Cases =>
        from provider in new[] { DatabaseProvider.Postgres, DatabaseProvider.Sqlite }
        from tamper in new[] { "modify", "delete", "insert", "swap", "truncate-tail", "truncate-tail-thoroughly", "rewrite-and-rehash", "delete-unsigned-tail" }
        select new object[] { provider, tamper };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_untouched_log_verifies(DatabaseProvider provider)
    {
        await using var f = await ArrangeAsync(provider);
        var report = await f.VerifyAsync();
        Assert.True(report.Ok, AuditReportText.Full(report));
        Assert.Equal(25, report.Checked);
        Assert.Equal(20, report.LastSignedSeq);
        Assert.Equal(4, report.CheckpointsChecked); // two in the database, the same two in the file
        Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(f.App, ["audit", "verify"]));
        // An empty range is refused by the CLI as by the API, not reported as verified.
        Assert.Equal(ExitCodes.Failure, await CliRoot.RunAsync(f.App, ["audit", "verify", "--chain", "exchange", "--from", "20", "--to", "10"]));
        Assert.Equal(ExitCodes.Failure, await CliRoot.RunAsync(f.App, ["audit", "verify", "--chain", "exchange", "--from", "26"]));
        Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(f.App, ["audit", "verify", "--chain", "exchange", "--from", "25"]));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Verification_names_the_first_broken_sequence_number(DatabaseProvider provider, string tamper)
    {
        await using var f = await ArrangeAsync(provider);
        const string e = "FROM audit_entries WHERE chain = 1";
        long expected;
        switch (tamper)
        {
            case "modify":
                await f.TamperAsync("UPDATE audit_entries SET state = 'accepted' WHERE chain = 1 AND seq = 7");
                expected = 7;
                break;
            case "delete":
                await f.TamperAsync("DELETE FROM audit_entries WHERE chain = 1 AND seq = 7");
                expected = 7;
                break;
            case "insert":
                // A forged entry at 7 with a correctly computed hash; the genuine 7.. move up by one.
                var prev = (byte[])(await f.ScalarAsync($"SELECT hash {e} AND seq = 6"))!;
                var forged = new AuditEntry
                {
                    Chain = LogChain.Exchange, Seq = 7, OccurredAt = AuditEncoding.Truncate(DateTimeOffset.UnixEpoch.AddYears(56)), Kind = "record.accepted",
                    Actor = "system:exchange", PrevHash = prev,
                };
                forged.Hash = AuditEncoding.EntryHash(forged, prev);
                var time = provider == DatabaseProvider.Postgres
                    ? "'2026-01-01T00:00:00Z'::timestamptz"
                    : new DateTimeOffsetToBinaryConverter().ConvertToProvider(forged.OccurredAt)!.ToString();
                await f.TamperAsync(
                    "UPDATE audit_entries SET seq = seq + 1000 WHERE chain = 1 AND seq >= 7",
                    "UPDATE audit_entries SET seq = seq - 999 WHERE chain = 1 AND seq >= 1007",
                    $"INSERT INTO audit_entries (chain, seq, occurred_at, kind, actor, prev_hash, hash) VALUES (1, 7, {time}, 'record.accepted', 'system:exchange', {f.Blob(prev)}, {f.Blob(forged.Hash)})");
                // The forged entry itself is flawless; the genuine one pushed to 8 no longer matches its hash.
                expected = 8;
                break;
            case "swap":
                await f.TamperAsync(
                    "UPDATE audit_entries SET seq = -5 WHERE chain = 1 AND seq = 5",
                    "UPDATE audit_entries SET seq = 5 WHERE chain = 1 AND seq = 9",
                    "UPDATE audit_entries SET seq = 9 WHERE chain = 1 AND seq = -5");
                expected = 5;
                break;
            case "truncate-tail":
                await f.TamperAsync("DELETE FROM audit_entries WHERE chain = 1 AND seq >= 16");
                expected = 16;
                break;
            case "truncate-tail-thoroughly":
                // Also the head row and the checkpoints in the database: only the file outside it remembers.
                var hash15 = (byte[])(await f.ScalarAsync($"SELECT hash {e} AND seq = 15"))!;
                await f.TamperAsync(
                    "DELETE FROM audit_entries WHERE chain = 1 AND seq >= 16",
                    "DELETE FROM audit_checkpoints WHERE chain = 1 AND seq >= 16",
                    $"UPDATE audit_chain_heads SET last_seq = 15, last_hash = {f.Blob(hash15)} WHERE chain = 1");
                expected = 16;
                break;
            case "rewrite-and-rehash":
                // Modify 14 and recompute every later hash and the head: the chain is consistent, the checkpoint at 20 is not.
                await RewriteAndRehashAsync(f, 14);
                expected = 11;
                break;
            case "delete-unsigned-tail":
                // 21–25 are not signed yet; the head row still tells.
                await f.TamperAsync("DELETE FROM audit_entries WHERE chain = 1 AND seq >= 23");
                expected = 23;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(tamper));
        }

        var report = await f.VerifyAsync();
        Assert.False(report.Ok);
        Assert.Equal(expected, report.FirstProblem!.Seq);
        Assert.Contains($"首个异常在第 {expected} 号", AuditReportText.Summary(report));
        Assert.Equal(ExitCodes.Failure, await CliRoot.RunAsync(f.App, ["audit", "verify", "--chain", "exchange"]));

        // The other chain is untouched and still verifies.
        Assert.True((await f.VerifyAsync(LogChain.Operation)).Ok);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_range_verifies_on_its_own_and_a_forged_checkpoint_is_rejected(DatabaseProvider provider)
    {
        await using var f = await ArrangeAsync(provider);
        await f.TamperAsync("UPDATE audit_entries SET detail = 'x' WHERE chain = 1 AND seq = 3");

        Assert.True((await f.VerifyAsync(from: 11, to: 25)).Ok);
        var early = await f.VerifyAsync(from: 1, to: 10);
        Assert.Equal(3, early.FirstProblem!.Seq);

        await f.TamperAsync($"UPDATE audit_checkpoints SET seq = 19 WHERE chain = 1 AND seq = 20");
        var report = await f.VerifyAsync(from: 11);
        Assert.Contains(report.Problems, p => p.Reason.Contains("签名无效"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_range_past_the_end_is_refused_not_reported_as_tampering_but_a_deleted_range_is_reported(DatabaseProvider provider)
    {
        await using var f = await ArrangeAsync(provider);
        await using var scope = f.App.Services.CreateAsyncScope();
        var verifier = scope.ServiceProvider.GetRequiredService<AuditVerifier>();

        // Nothing there and nothing says there should be: no problem (it read as "链头记录到第 25 号，日志只到第 0 号").
        var past = await f.VerifyAsync(from: 999);
        Assert.True(past.Ok, AuditReportText.Full(past));
        Assert.Equal(0, past.Checked);
        Assert.Equal("起始序号 26 超出交换日志的末尾（最后一条为第 25 号），没有可核对的条目", await verifier.RangeErrorAsync(LogChain.Exchange, 26, null, default));
        Assert.Equal("起始序号 20 大于结束序号 10", await verifier.RangeErrorAsync(LogChain.Exchange, 20, 10, default));
        Assert.Null(await verifier.RangeErrorAsync(LogChain.Exchange, 25, null, default));
        Assert.Null(await verifier.RangeErrorAsync(LogChain.Exchange, 1, null, default));

        // Entries deleted from the range on, the head still at 25: verified, and the truncation named where it starts.
        await f.TamperAsync("DELETE FROM audit_entries WHERE chain = 1 AND seq >= 23");
        Assert.Null(await verifier.RangeErrorAsync(LogChain.Exchange, 24, null, default));
        var cut = await f.VerifyAsync(from: 24);
        Assert.Equal(24, cut.FirstProblem?.Seq);
        Assert.Contains("链头记录到第 25 号", cut.FirstProblem!.Reason);

        // The head and the database's checkpoints rewritten as well: the checkpoint in the file still reaches 20.
        var hash15 = (byte[])(await f.ScalarAsync("SELECT hash FROM audit_entries WHERE chain = 1 AND seq = 15"))!;
        await f.TamperAsync(
            "DELETE FROM audit_entries WHERE chain = 1 AND seq >= 16",
            "DELETE FROM audit_checkpoints WHERE chain = 1 AND seq >= 16",
            $"UPDATE audit_chain_heads SET last_seq = 15, last_hash = {f.Blob(hash15)} WHERE chain = 1");
        Assert.Null(await verifier.RangeErrorAsync(LogChain.Exchange, 18, null, default));
        Assert.False((await f.VerifyAsync(from: 18)).Ok);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_reader_walks_windows_of_the_key_in_order_across_gaps(DatabaseProvider provider)
    {
        await using var f = await ArrangeAsync(provider);
        await f.TamperAsync("DELETE FROM audit_entries WHERE chain = 1 AND seq IN (7, 14, 15)");
        await using var scope = f.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditHubDbContext>();
        await db.Database.OpenConnectionAsync();
        var seen = new List<long>();
        await foreach (var entry in AuditEntryReader.ReadAsync(db.Database.GetDbConnection(), LogChain.Exchange, 2, null, default, window: 7))
        {
            seen.Add(entry.Seq);
        }

        Assert.Equal(Enumerable.Range(2, 24).Select(i => (long)i).Except([7, 14, 15]), seen);
    }

    private static async Task<AuditFixture> ArrangeAsync(DatabaseProvider provider)
    {
        var f = await AuditFixture.CreateAsync(provider);
        await f.AppendAsync(LogChain.Exchange, 10);
        await f.CheckpointAsync();
        await f.AppendAsync(LogChain.Exchange, 6, "b-2");
        await f.AppendAsync(LogChain.Exchange, 4, "b-3");
        await f.CheckpointAsync();
        await f.AppendAsync(LogChain.Exchange, 5, "b-4");
        await f.AppendAsync(LogChain.Operation, 3);
        return f;
    }

    private static async Task RewriteAndRehashAsync(AuditFixture f, long at)
    {
        await using var scope = f.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditHubDbContext>();
        var rows = db.Set<AuditEntry>().Where(x => x.Chain == LogChain.Exchange).OrderBy(x => x.Seq).ToList();
        var statements = new List<string>();
        var prev = rows.Single(r => r.Seq == at - 1).Hash;
        foreach (var r in rows.Where(r => r.Seq >= at))
        {
            if (r.Seq == at)
            {
                r.State = "accepted";
                statements.Add($"UPDATE audit_entries SET state = 'accepted' WHERE chain = 1 AND seq = {r.Seq}");
            }

            r.PrevHash = prev;
            r.Hash = AuditEncoding.EntryHash(r, prev);
            statements.Add($"UPDATE audit_entries SET prev_hash = {f.Blob(r.PrevHash)}, hash = {f.Blob(r.Hash)} WHERE chain = 1 AND seq = {r.Seq}");
            prev = r.Hash;
        }

        statements.Add($"UPDATE audit_chain_heads SET last_hash = {f.Blob(prev)} WHERE chain = 1");
        await f.TamperAsync(statements.ToArray());
    }
}
