using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.IntegrationTests.AuditLog;

public sealed class AuditLogWriterTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Appended_entries_form_a_gapless_chain_that_commits_with_the_callers_transaction(DatabaseProvider provider)
    {
        await using var f = await AuditFixture.CreateAsync(provider);
        var app = f.App;

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CreditHubDbContext>();
            var log = scope.ServiceProvider.GetRequiredService<IAuditLog>();
            await using (var tx = await db.Database.BeginTransactionAsync())
            {
                await log.AppendAsync(db, Events(LogChain.Exchange, 450).Concat(Events(LogChain.Operation, 3)).ToList(), default);
                await tx.CommitAsync();
            }

            // Rolled back with the caller: neither the entries nor the head move.
            await using (var tx = await db.Database.BeginTransactionAsync())
            {
                await log.AppendAsync(db, Events(LogChain.Exchange, 5), default);
                await tx.RollbackAsync();
            }

            // Without a transaction of the caller the writer uses its own.
            await log.AppendAsync(db, Events(LogChain.Exchange, 2), default);
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CreditHubDbContext>();
            var exchange = await db.Set<AuditEntry>().Where(e => e.Chain == LogChain.Exchange).OrderBy(e => e.Seq).ToListAsync();
            Assert.Equal(Enumerable.Range(1, 452).Select(i => (long)i), exchange.Select(e => e.Seq));
            AssertChained(exchange);
            Assert.Equal("r-0", exchange[0].RecordId);
            Assert.Equal("91350100M000100Y43", exchange[0].EntityKey);
            Assert.Null(exchange[0].Detail);
            Assert.Equal(3, await db.Set<AuditEntry>().CountAsync(e => e.Chain == LogChain.Operation));
            var head = await db.Set<AuditChainHead>().SingleAsync(h => h.Chain == LogChain.Exchange);
            Assert.Equal(452, head.LastSeq);
            Assert.Equal(exchange[^1].Hash, head.LastHash);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_database_refuses_to_update_or_delete_log_rows(DatabaseProvider provider)
    {
        await using var f = await AuditFixture.CreateAsync(provider);
        var app = f.App;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditHubDbContext>();
        await scope.ServiceProvider.GetRequiredService<IAuditLog>().AppendAsync(db, Events(LogChain.Exchange, 3), default);

        var update = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET state = 'accepted' WHERE seq = 2"));
        Assert.Contains("审计日志只允许追加", update.Message);
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries WHERE seq = 3"));
        if (provider == DatabaseProvider.Postgres)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE audit_entries"));
        }

        Assert.Equal(3, await db.Set<AuditEntry>().CountAsync());
    }

    [Fact]
    public async Task Concurrent_appenders_on_separate_connections_produce_one_gapless_chain_on_postgres()
    {
        await using var f = await AuditFixture.CreateAsync(DatabaseProvider.Postgres);
        var app = f.App;
        const int writers = 8, rounds = 10, perRound = 37;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var r = 0; r < rounds; r++)
            {
                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CreditHubDbContext>();
                await using var tx = await db.Database.BeginTransactionAsync();
                await scope.ServiceProvider.GetRequiredService<IAuditLog>().AppendAsync(db, Events(LogChain.Exchange, perRound, $"w{w}r{r}"), default);
                await tx.CommitAsync();
            }
        })));

        await using var check = app.Services.CreateAsyncScope();
        var all = await check.ServiceProvider.GetRequiredService<CreditHubDbContext>().Set<AuditEntry>()
            .Where(e => e.Chain == LogChain.Exchange).OrderBy(e => e.Seq).ToListAsync();
        Assert.Equal(Enumerable.Range(1, writers * rounds * perRound).Select(i => (long)i), all.Select(e => e.Seq));
        AssertChained(all);

        // Each call's entries stay together: a writer's batch is never interleaved with another's.
        var runs = all.Select(e => e.BatchId).Aggregate(new List<string?>(), (acc, b) =>
        {
            if (acc.Count == 0 || acc[^1] != b)
            {
                acc.Add(b);
            }

            return acc;
        });
        Assert.Equal(writers * rounds, runs.Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_list_larger_than_one_copy_piece_lands_whole_and_verifies(DatabaseProvider provider)
    {
        await using var f = await AuditFixture.CreateAsync(provider);
        await using (var scope = f.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CreditHubDbContext>();

            // About 2.5 MB of COPY data: sent in several pieces within one COPY.
            var events = Events(LogChain.Exchange, 3000).Select((e, i) => e with { Detail = $"第 {i} 条：" + new string('赣', 270) }).ToList();
            await scope.ServiceProvider.GetRequiredService<IAuditLog>().AppendAsync(db, events, default);
            var stored = await db.Set<AuditEntry>().Where(e => e.Chain == LogChain.Exchange).OrderBy(e => e.Seq).ToListAsync();
            Assert.Equal(3000, stored.Count);
            Assert.Equal(events[2999].Detail, stored[2999].Detail);
            AssertChained(stored);
        }

        Assert.True((await f.VerifyAsync()).Ok);
    }

    [Fact]
    public async Task A_row_the_server_refuses_leaves_neither_entries_nor_head_behind_on_postgres()
    {
        await using var f = await AuditFixture.CreateAsync(DatabaseProvider.Postgres);
        await using var scope = f.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditHubDbContext>();
        var log = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        await log.AppendAsync(db, Events(LogChain.Exchange, 5), default);

        // PostgreSQL text cannot hold U+0000: the COPY fails on the server after the rows were sent.
        var events = Events(LogChain.Exchange, 600);
        events[550] = events[550] with { Detail = "bad\0row" };
        await Assert.ThrowsAnyAsync<Exception>(() => log.AppendAsync(db, events, default));

        await log.AppendAsync(db, Events(LogChain.Exchange, 2), default);
        var stored = await db.Set<AuditEntry>().Where(e => e.Chain == LogChain.Exchange).OrderBy(e => e.Seq).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), stored.Select(e => e.Seq));
        AssertChained(stored);
        Assert.Equal(7, (await db.Set<AuditChainHead>().SingleAsync(h => h.Chain == LogChain.Exchange)).LastSeq);
    }

    internal static List<LogEvent> Events(LogChain chain, int count, string batch = "b-1") =>
        Enumerable.Range(0, count).Select(i => new LogEvent
        {
            Chain = chain,
            Kind = chain == LogChain.Exchange ? "record.sent" : "user.login",
            Actor = chain == LogChain.Exchange ? "system:exchange" : "alice",
            Catalog = chain == LogChain.Exchange ? "XZCF" : null,
            RecordId = $"r-{i}",
            BatchId = batch,
            EntityKey = "91350100M000100Y43",
            State = "pending",
            PayloadHash = new string('a', 64),
            Detail = i % 2 == 1 ? "{\"note\":\"第" + i + "条\"}" : null,
        }).ToList();

    private static void AssertChained(List<AuditEntry> entries)
    {
        var prev = AuditEncoding.Genesis;
        foreach (var e in entries)
        {
            Assert.Equal(prev, e.PrevHash);
            Assert.Equal(AuditEncoding.EntryHash(e, prev), e.Hash);
            prev = e.Hash;
        }
    }
}
