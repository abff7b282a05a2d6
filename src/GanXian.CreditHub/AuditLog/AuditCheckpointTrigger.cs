using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.AuditLog;

/// <summary>
/// Notices when an append crosses a multiple of <see cref="AuditLogOptions.CheckpointEvery"/>. The checkpoint itself
/// cannot be written inside the appender's transaction (the file outside the database must never name entries that
/// could still roll back), so the background checkpoint service writes it once those entries are
/// committed.
/// </summary>
public sealed class AuditCheckpointTrigger(IOptions<AuditLogOptions> options)
{
    private readonly ConcurrentDictionary<LogChain, bool> due = new();
    private readonly SemaphoreSlim signal = new(0, int.MaxValue);

    public void Appended(LogChain chain, long fromSeq, long toSeq)
    {
        var every = Math.Max(1, options.Value.CheckpointEvery);
        if (fromSeq / every != toSeq / every && due.TryAdd(chain, true))
        {
            signal.Release();
        }
    }

    /// <summary>Waits until some chain is due, then returns (and forgets) the chains that are.</summary>
    public async Task<IReadOnlyList<LogChain>> WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        await signal.WaitAsync(timeout, ct);
        var chains = new List<LogChain>();
        foreach (var chain in due.Keys)
        {
            if (due.TryRemove(chain, out _))
            {
                chains.Add(chain);
            }
        }

        return chains;
    }
}
