using System.Security.Cryptography;

namespace GanXian.CreditHub.AuditLog;

public sealed record VerifyProblem(long Seq, string Reason);

/// <summary>What a verification found for one chain (or one export): problems by sequence number, and notes.</summary>
public sealed class VerifyReport(string subject)
{
    public string Subject { get; } = subject;

    public long Checked { get; internal set; }

    public long? FirstSeq { get; internal set; }

    public long? LastSeq { get; internal set; }

    public int CheckpointsChecked { get; internal set; }

    public long? LastSignedSeq { get; internal set; }

    public List<VerifyProblem> Problems { get; } = [];

    public List<string> Notes { get; } = [];

    public bool Ok => Problems.Count == 0;

    public VerifyProblem? FirstProblem => Problems.OrderBy(p => p.Seq).FirstOrDefault();
}

/// <summary>
/// A signed checkpoint already checked for its signature, with where it came from (the database, the checkpoints
/// file, an export) so that messages can say which evidence was contradicted.
/// </summary>
public sealed record CheckpointEvidence(long Seq, byte[] HeadHash, string CreatedAt, string Source);

/// <summary>
/// Walks one chain in sequence order and compares it with the signed checkpoints. The same walk serves the database
/// (<see cref="AuditVerifier"/>) and an offline export (<see cref="AuditExportVerifier"/>); for an export, entries outside
/// the filter come as stubs carrying only their content digest.
/// </summary>
internal sealed class ChainChecker
{
    private const int MaxProblems = 1000;

    private readonly VerifyReport report;
    private readonly Dictionary<long, List<CheckpointEvidence>> checkpoints;
    private byte[]? prev;
    private long expected;
    private long lastAnchor;

    /// <param name="firstSeq">The first sequence number expected.</param>
    /// <param name="prevHash">Hash of entry firstSeq−1 if known and trusted (the genesis for 1), else null.</param>
    public ChainChecker(VerifyReport report, long firstSeq, byte[]? prevHash, IEnumerable<CheckpointEvidence> evidence)
    {
        this.report = report;
        expected = firstSeq;
        prev = prevHash;
        lastAnchor = firstSeq - 1;
        checkpoints = evidence.GroupBy(c => c.Seq).ToDictionary(g => g.Key, g => g.ToList());
        report.CheckpointsChecked = checkpoints.Sum(c => c.Value.Count);
    }

    public long? LastSeq { get; private set; }

    public void Problem(long seq, string reason)
    {
        if (report.Problems.Count < MaxProblems)
        {
            report.Problems.Add(new VerifyProblem(seq, reason));
        }
    }

    /// <param name="storedPrev">The entry's recorded previous hash (null for an export stub, which does not carry one).</param>
    public void Entry(long seq, byte[]? storedPrev, ReadOnlySpan<byte> digest, byte[] storedHash)
    {
        report.Checked++;
        report.FirstSeq ??= seq;
        var gap = false;
        if (seq > expected)
        {
            Problem(expected, expected == seq - 1
                ? $"第 {expected} 号条目缺失（被删除）"
                : $"第 {expected}–{seq - 1} 号条目缺失（被删除）");
            gap = true;
        }
        else if (seq < expected)
        {
            Problem(seq, $"第 {seq} 号条目重复或顺序错乱（应为第 {expected} 号）");
            gap = true;
        }

        var linkPrev = storedPrev ?? prev;
        if (linkPrev is not null)
        {
            var computed = AuditEncoding.ChainHash(linkPrev, digest);
            if (!CryptographicOperations.FixedTimeEquals(computed, storedHash))
            {
                Problem(seq, $"第 {seq} 号条目的内容与其哈希不符（条目被修改、调换或伪造）");
            }
            else if (!gap && storedPrev is not null && prev is not null && !storedPrev.AsSpan().SequenceEqual(prev))
            {
                Problem(seq, $"第 {seq} 号条目的前序哈希与第 {seq - 1} 号条目的哈希不符（条目被插入、调换或改写）");
            }
        }

        if (checkpoints.TryGetValue(seq, out var atSeq))
        {
            foreach (var c in atSeq)
            {
                if (!c.HeadHash.AsSpan().SequenceEqual(storedHash))
                {
                    // With a broken entry already found since the last good checkpoint, this mismatch is its consequence;
                    // without one, the chain since that checkpoint was rewritten consistently, and only the range is known.
                    var from = lastAnchor + 1;
                    var explained = report.Problems.Any(p => p.Seq >= from && p.Seq <= seq);
                    Problem(explained ? seq : from, explained
                        ? $"第 {seq} 号条目的哈希与{c.Source}中 {c.CreatedAt} 签名的检查点不符"
                        : $"第 {seq} 号条目的哈希与{c.Source}中 {c.CreatedAt} 签名的检查点不符：第 {from}–{seq} 号之间的条目被改写（哈希链被整体重算）");
                }
                else
                {
                    lastAnchor = seq;
                    report.LastSignedSeq = seq;
                }
            }
        }

        prev = storedHash;
        expected = seq + 1;
        LastSeq = seq;
        report.LastSeq = seq;
    }

    /// <summary>Checkpoints beyond the last entry seen mean the tail was cut off (when the walk went to the end).</summary>
    public void Finish(long? upTo)
    {
        var last = LastSeq ?? expected - 1;
        foreach (var c in checkpoints.Values.SelectMany(x => x).Where(c => c.Seq > last && (upTo is null || c.Seq <= upTo)).OrderBy(c => c.Seq).Take(1))
        {
            Problem(last + 1, $"日志尾部被截断：{c.Source}中 {c.CreatedAt} 签名的检查点记录到第 {c.Seq} 号，日志只到第 {last} 号");
        }

        if (LastSeq is { } l && l > lastAnchor)
        {
            report.Notes.Add($"第 {lastAnchor + 1}–{l} 号条目之后尚无签名检查点（只由哈希链保护）");
        }
    }
}
