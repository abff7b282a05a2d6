using System.Text.Json;
using GanXian.CreditHub.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.AuditLog;

/// <summary>Signed checkpoints of the chains' committed heads (docs/audit-log.md, "Checkpoints").</summary>
public interface IAuditCheckpoints
{
    /// <summary>
    /// Signs the committed head of every chain that grew since its last checkpoint, stores the checkpoint in the
    /// database and appends it to the checkpoints file. Uses its own scope and transaction: call it after committing
    /// (the exchange calls it at the end of every run). Returns the checkpoints written.
    /// </summary>
    Task<IReadOnlyList<AuditCheckpoint>> WriteAsync(string reason, CancellationToken ct);

    /// <summary>The same for one chain; null when the chain is empty or its head is already checkpointed.</summary>
    Task<AuditCheckpoint?> WriteAsync(LogChain chain, string reason, CancellationToken ct);
}

public static class AuditCheckpointRuns
{
    /// <summary>
    /// The checkpoint at the end of a run (exchange, reconciliation): signs every chain the run grew. Not cancellable,
    /// so that a cancelled run's committed entries are covered too. A failure (no key and no generation on first use)
    /// is logged and returned as its message: it must not undo or fail the run whose work is already committed.
    /// </summary>
    public static async Task<(IReadOnlyList<AuditCheckpoint> Written, string? Error)> WriteAtEndOfRunAsync(
        this IAuditCheckpoints checkpoints, string reason, ILogger log)
    {
        try
        {
            return (await checkpoints.WriteAsync(reason, CancellationToken.None), null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            log.LogError(ex, "运行结束时未能签署审计日志检查点（{Reason}）", reason);
            return ([], ex.Message);
        }
    }
}

internal sealed class AuditCheckpoints(
    IServiceScopeFactory scopes,
    AuditSigningKey key,
    CheckpointFile file,
    TimeProvider clock,
    ILogger<AuditCheckpoints> logger) : IAuditCheckpoints
{
    public async Task<IReadOnlyList<AuditCheckpoint>> WriteAsync(string reason, CancellationToken ct)
    {
        var written = new List<AuditCheckpoint>();
        foreach (var chain in Enum.GetValues<LogChain>())
        {
            if (await WriteAsync(chain, reason, ct) is { } c)
            {
                written.Add(c);
            }
        }

        return written;
    }

    public async Task<AuditCheckpoint?> WriteAsync(LogChain chain, string reason, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditHubDbContext>();
        AuditCheckpoint checkpoint;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // The head lock waits for appenders still in flight, so the checkpoint only ever names committed entries.
            var (seq, headHash) = await AuditLogWriter.LockHeadAsync(tx.GetDbTransaction(), chain, ct);
            if (seq == 0)
            {
                return null;
            }

            var entryHash = await db.Set<AuditEntry>().Where(e => e.Chain == chain && e.Seq == seq).Select(e => e.Hash).SingleOrDefaultAsync(ct);
            if (entryHash is null || !entryHash.AsSpan().SequenceEqual(headHash))
            {
                // Never sign a head that the log itself does not show: that would bless a tampered tail.
                throw new InvalidOperationException(
                    $"审计{ChainNames.Chinese(chain)}的链头（第 {seq} 号）与日志条目不一致，拒绝签署检查点：请运行 audit verify");
            }

            var last = await db.Set<AuditCheckpoint>().Where(c => c.Chain == chain).OrderByDescending(c => c.Seq).Select(c => (long?)c.Seq).FirstOrDefaultAsync(ct);
            if (last == seq)
            {
                return null;
            }

            checkpoint = new AuditCheckpoint
            {
                Chain = chain,
                Seq = seq,
                HeadHash = headHash,
                CreatedAt = AuditEncoding.Truncate(clock.GetUtcNow()),
                Reason = reason,
                KeyFingerprint = key.KeyFingerprint,
            };
            checkpoint.Signature = key.Sign(CheckpointStatement.Bytes(checkpoint));
            db.Add(checkpoint);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        // After the commit: a crash here leaves a checkpoint only in the database, which verification accepts; the
        // opposite order could leave one in the file that names entries never committed.
        await file.AppendAsync(CheckpointLine.From(checkpoint), ct);
        logger.LogInformation("已签署{Chain}检查点：第 {Seq} 号（{Reason}）", ChainNames.Chinese(chain), checkpoint.Seq, reason);
        return checkpoint;
    }
}

/// <summary>The append-only JSON-lines copy of every checkpoint, outside the database.</summary>
public sealed class CheckpointFile(IOptions<AuditLogOptions> options)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public string Path => System.IO.Path.GetFullPath(options.Value.CheckpointsPath);

    public async Task AppendAsync(CheckpointLine line, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(line) + "\n";
        await Gate.WaitAsync(ct);
        try
        {
            if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } dir)
            {
                Directory.CreateDirectory(dir);
            }

            await using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(json), ct);
            stream.Flush(flushToDisk: true);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Every line, parsed; a line that does not parse comes back with its error so verification can report it.</summary>
    public IEnumerable<(int Line, CheckpointLine? Checkpoint, string? Error)> ReadAll()
    {
        if (!File.Exists(Path))
        {
            yield break;
        }

        var n = 0;
        foreach (var text in File.ReadLines(Path))
        {
            n++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            CheckpointLine? parsed = null;
            string? error = null;
            try
            {
                parsed = JsonSerializer.Deserialize<CheckpointLine>(text);
            }
            catch (JsonException ex)
            {
                error = ex.Message;
            }

            yield return (n, parsed, parsed is null ? error ?? "空行" : null);
        }
    }
}

/// <summary>Writes the every-N checkpoints once the entries that crossed the threshold are committed (only under <c>serve</c>).</summary>
internal sealed class AuditCheckpointService(AuditCheckpointTrigger trigger, IAuditCheckpoints checkpoints, ILogger<AuditCheckpointService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var chain in await trigger.WaitAsync(TimeSpan.FromMinutes(1), stoppingToken))
                {
                    await checkpoints.WriteAsync(chain, "every-n", stoppingToken);
                }
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The entries are safe (committed); only their signature is late. The next threshold or run retries.
                logger.LogError(ex, "Writing an audit checkpoint failed; retrying on the next trigger");
            }
        }
    }
}
