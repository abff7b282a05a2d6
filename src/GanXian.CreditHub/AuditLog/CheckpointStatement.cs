using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;

namespace GanXian.CreditHub.AuditLog;

/// <summary>
/// A checkpoint as it appears in the checkpoints file and in exports (one JSON object per line), and the exact bytes
/// that are signed:
/// <code>
/// "GXCH-AUDIT-CHECKPOINT/1\n" + "chain=" + chain + "\n" + "seq=" + seq + "\n" + "head=" + hex + "\n" + "time=" + time
/// </code>
/// (UTF-8, no trailing newline; time as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>).
/// </summary>
public sealed record CheckpointLine
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "checkpoint";

    [JsonPropertyName("chain")]
    public required string Chain { get; init; }

    [JsonPropertyName("seq")]
    public required long Seq { get; init; }

    [JsonPropertyName("headHash")]
    public required string HeadHash { get; init; }

    [JsonPropertyName("createdAt")]
    public required string CreatedAt { get; init; }

    [JsonPropertyName("reason")]
    public string Reason { get; init; } = "";

    [JsonPropertyName("keyFingerprint")]
    public string KeyFingerprint { get; init; } = "";

    [JsonPropertyName("signature")]
    public required string Signature { get; init; }

    public byte[] Statement() => CheckpointStatement.Bytes(Chain, Seq, HeadHash, CreatedAt);

    public static CheckpointLine From(AuditCheckpoint c) => new()
    {
        Chain = ChainNames.Name(c.Chain),
        Seq = c.Seq,
        HeadHash = Convert.ToHexStringLower(c.HeadHash),
        CreatedAt = CheckpointStatement.Time(c.CreatedAt),
        Reason = c.Reason,
        KeyFingerprint = c.KeyFingerprint,
        Signature = Convert.ToBase64String(c.Signature),
    };
}

public static class CheckpointStatement
{
    public static byte[] Bytes(string chain, long seq, string headHashHex, string time) =>
        Encoding.UTF8.GetBytes($"GXCH-AUDIT-CHECKPOINT/1\nchain={chain}\nseq={seq.ToString(CultureInfo.InvariantCulture)}\nhead={headHashHex}\ntime={time}");

    public static byte[] Bytes(AuditCheckpoint c) =>
        Bytes(ChainNames.Name(c.Chain), c.Seq, Convert.ToHexStringLower(c.HeadHash), Time(c.CreatedAt));

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>Chain names as operators type them (<c>--chain exchange</c>) and as the signed statements spell them.</summary>
public static class ChainNames
{
    public static string Name(LogChain chain) => chain switch
    {
        LogChain.Exchange => "exchange",
        LogChain.Operation => "operation",
        _ => throw new ArgumentOutOfRangeException(nameof(chain)),
    };

    public static LogChain? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "exchange" => LogChain.Exchange,
        "operation" => LogChain.Operation,
        _ => null,
    };

    public static string Chinese(LogChain chain) => chain == LogChain.Exchange ? "交换日志" : "操作日志";
}
