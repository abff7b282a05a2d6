using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using GanXian.CreditHub.Hosting;

namespace GanXian.CreditHub.AuditLog;

/// <summary>
/// The canonical encoding of an entry and the chain rule, exactly as docs/audit-log.md describes them for auditors:
/// <code>
/// content = "GXA1" ‖ u8 chain ‖ i64be seq ‖ i64be unix-microseconds ‖ 9 × (i32be length or −1 for null ‖ UTF-8 bytes)
/// digest  = SHA-256(content)
/// hash    = SHA-256(prev_hash ‖ digest)
/// </code>
/// The string fields, in order: kind, actor, catalog, record_id, batch_id, entity_key, state, payload_hash, detail.
/// No serializer and no allocation per entry; the hashes go through <see cref="Sha256"/>.
/// </summary>
public static class AuditEncoding
{
    public const int HashSize = 32;

    private static ReadOnlySpan<byte> Magic => "GXA1"u8;

    public static byte[] Genesis => new byte[HashSize];

    /// <summary>
    /// Times are kept to the millisecond: PostgreSQL stores microseconds and SQLite's binary form 100 µs, so a
    /// millisecond value reads back exactly on both and hashes the same as when it was written.
    /// </summary>
    public static DateTimeOffset Truncate(DateTimeOffset t) =>
        new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    public static long UnixMicroseconds(DateTimeOffset t) => (t.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;

    public static byte[] ContentDigest(AuditEntry e)
    {
        var digest = new byte[HashSize];
        ContentDigest(e, digest);
        return digest;
    }

    public static void ContentDigest(AuditEntry e, Span<byte> digest)
    {
        var length = HeaderSize + MaxFieldsSize(e.Kind, e.Actor, e.Catalog, e.RecordId, e.BatchId, e.EntityKey, e.State, e.PayloadHash, e.Detail);
        var rented = length <= 1024 ? null : ArrayPool<byte>.Shared.Rent(length);
        var buffer = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        try
        {
            WriteHeader(buffer, e.Chain, e.Seq, UnixMicroseconds(e.OccurredAt));
            var end = WriteFields(buffer, HeaderSize, e.Kind, e.Actor, e.Catalog, e.RecordId, e.BatchId, e.EntityKey, e.State, e.PayloadHash, e.Detail);
            Sha256.Hash(buffer[..end], digest);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public static byte[] ChainHash(ReadOnlySpan<byte> prevHash, ReadOnlySpan<byte> digest)
    {
        var hash = new byte[HashSize];
        ChainHash(prevHash, digest, hash);
        return hash;
    }

    public static void ChainHash(ReadOnlySpan<byte> prevHash, ReadOnlySpan<byte> digest, Span<byte> hash)
    {
        Span<byte> both = stackalloc byte[HashSize * 2];
        prevHash.CopyTo(both);
        digest.CopyTo(both[HashSize..]);
        Sha256.Hash(both, hash);
    }

    /// <summary>The entry's own hash given the hash of its predecessor.</summary>
    public static byte[] EntryHash(AuditEntry e, ReadOnlySpan<byte> prevHash)
    {
        Span<byte> digest = stackalloc byte[HashSize];
        ContentDigest(e, digest);
        return ChainHash(prevHash, digest);
    }

    /// <summary>Bytes of the content before the string fields: tag, chain, seq, time.</summary>
    internal const int HeaderSize = 4 + 1 + 8 + 8;

    internal static void WriteHeader(Span<byte> buffer, LogChain chain, long seq, long unixMicroseconds)
    {
        Magic.CopyTo(buffer);
        buffer[4] = (byte)chain;
        BinaryPrimitives.WriteInt64BigEndian(buffer[5..], seq);
        BinaryPrimitives.WriteInt64BigEndian(buffer[13..], unixMicroseconds);
    }

    /// <summary>An upper bound of the bytes <see cref="WriteFields"/> writes (UTF-8 takes at most 3 bytes per UTF-16 unit).</summary>
    internal static int MaxFieldsSize(string? kind, string? actor, string? catalog, string? recordId, string? batchId, string? entityKey,
        string? state, string? payloadHash, string? detail) =>
        9 * 4 + 3 * ((kind?.Length ?? 0) + (actor?.Length ?? 0) + (catalog?.Length ?? 0) + (recordId?.Length ?? 0) + (batchId?.Length ?? 0)
                     + (entityKey?.Length ?? 0) + (state?.Length ?? 0) + (payloadHash?.Length ?? 0) + (detail?.Length ?? 0));

    /// <summary>
    /// The nine string fields in content order. Each is a PostgreSQL binary COPY text field as well (i32 length or −1, then
    /// UTF-8), which lets the writer hash the bytes it sends.
    /// </summary>
    internal static int WriteFields(Span<byte> buffer, int at, string? kind, string? actor, string? catalog, string? recordId, string? batchId,
        string? entityKey, string? state, string? payloadHash, string? detail)
    {
        at = Write(buffer, at, kind);
        at = Write(buffer, at, actor);
        at = Write(buffer, at, catalog);
        at = Write(buffer, at, recordId);
        at = Write(buffer, at, batchId);
        at = Write(buffer, at, entityKey);
        at = Write(buffer, at, state);
        at = Write(buffer, at, payloadHash);
        return Write(buffer, at, detail);
    }

    private static int Write(Span<byte> buffer, int at, string? s)
    {
        if (s is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(buffer[at..], -1);
            return at + 4;
        }

        var n = Encoding.UTF8.GetBytes(s, buffer[(at + 4)..]);
        BinaryPrimitives.WriteInt32BigEndian(buffer[at..], n);
        return at + 4 + n;
    }
}
