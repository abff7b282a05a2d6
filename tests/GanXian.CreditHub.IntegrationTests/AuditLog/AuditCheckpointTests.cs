using System.Text.Json;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.IntegrationTests.AuditLog;

public sealed class AuditCheckpointTests
{
    [Fact]
    public async Task Under_serve_a_checkpoint_follows_every_n_entries_once_they_are_committed()
    {
        var (started, folder) = await AuditFixture.StartHubAsync(DatabaseProvider.Postgres, c => c["AuditLog:CheckpointEvery"] = "100");
        await using var hub = started;

        await using (var scope = hub.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CreditHubDbContext>();
            await scope.ServiceProvider.GetRequiredService<IAuditLog>().AppendAsync(db, AuditLogWriterTests.Events(LogChain.Exchange, 250), default);
        }

        AuditCheckpoint? written = null;
        for (var i = 0; i < 100 && written is null; i++)
        {
            await Task.Delay(100);
            await using var scope = hub.Services.CreateAsyncScope();
            written = await scope.ServiceProvider.GetRequiredService<CreditHubDbContext>().Set<AuditCheckpoint>().SingleOrDefaultAsync();
        }

        Assert.NotNull(written);
        Assert.Equal(250, written.Seq);
        Assert.Equal("every-n", written.Reason);
        var line = JsonSerializer.Deserialize<CheckpointLine>(Assert.Single(await File.ReadAllLinesAsync(Path.Combine(folder, "checkpoints.jsonl"))))!;
        Assert.Equal(250, line.Seq);
        Assert.Equal(Convert.ToHexStringLower(written.HeadHash), line.HeadHash);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_exchange_checkpoint_signs_each_grown_chain_once(DatabaseProvider provider)
    {
        await using var f = await AuditFixture.CreateAsync(provider);
        var checkpoints = f.App.Services.GetRequiredService<IAuditCheckpoints>();
        Assert.Empty(await checkpoints.WriteAsync("exchange-run", default)); // nothing to sign yet

        await f.AppendAsync(LogChain.Exchange, 12);
        await f.AppendAsync(LogChain.Operation, 2);
        var first = await checkpoints.WriteAsync("exchange-run", default);
        Assert.Equal([(LogChain.Exchange, 12L), (LogChain.Operation, 2L)], first.Select(c => (c.Chain, c.Seq)));
        Assert.Empty(await checkpoints.WriteAsync("exchange-run", default)); // heads unchanged

        await f.AppendAsync(LogChain.Exchange, 1);
        Assert.Equal(13, Assert.Single(await checkpoints.WriteAsync("exchange-run", default)).Seq);
        Assert.Equal(3, (await File.ReadAllLinesAsync(f.CheckpointsPath)).Length);
        Assert.True((await f.VerifyAsync()).Ok);
    }

    [Fact]
    public async Task Keygen_creates_the_key_once_and_without_a_key_signing_fails_naming_the_setting()
    {
        await using var f = await AuditFixture.CreateAsync(DatabaseProvider.Sqlite, c => c["AuditLog:GenerateKeyOnFirstUse"] = "false");
        await f.AppendAsync(LogChain.Exchange, 3);

        var missing = await Assert.ThrowsAsync<AuditKeyMissingException>(() => f.CheckpointAsync());
        Assert.Contains("AuditLog:SigningKeyPath", missing.Message);
        Assert.Equal(ExitCodes.Failure, await CliRoot.RunAsync(f.App, ["audit", "pubkey"]));

        Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(f.App, ["audit", "keygen"]));
        var keyPath = Path.Combine(f.Folder, "signing-key.pem");
        var first = await File.ReadAllTextAsync(keyPath);
        Assert.Contains("BEGIN PRIVATE KEY", first);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        }

        Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(f.App, ["audit", "keygen"]));
        Assert.Equal(first, await File.ReadAllTextAsync(keyPath)); // not overwritten
        Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(f.App, ["audit", "pubkey"]));

        Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(f.App, ["audit", "checkpoint"]));
        Assert.Equal(3, (await f.VerifyAsync()).LastSignedSeq);
    }
}
