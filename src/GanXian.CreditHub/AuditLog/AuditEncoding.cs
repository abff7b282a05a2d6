using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace GanXian.CreditHub.AuditLog;

/// <summary>
/// The canonical encoding of an entry and the chain rule, exactly as docs/audit-log.md describes them for auditors:
/// <code>
/// content = "GXA1" ‖ u8 chain ‖ i64be seq ‖ i64be unix-microseconds ‖ 9 × (i32be length or −1 for null ‖ UTF-8 bytes)
/// digest  = SHA-256(content)
/// hash    = SHA-256(prev_hash ‖ digest)
/// </code>
/// The string fields, in order: kind, actor, catalog, record_id, batch_id, entity_key, state, payload_hash, detail.
/// No serializer, no allocation per entry beyond the two 32-byte results: hashing a million entries takes well under
/// a second.
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
        var length = Magic.Length + 1 + 8 + 8 + 9 * 4
                     + Utf8(e.Kind) + Utf8(e.Actor) + Utf8(e.Catalog) + Utf8(e.RecordId) + Utf8(e.BatchId)
                     + Utf8(e.EntityKey) + Utf8(e.State) + Utf8(e.PayloadHash) + Utf8(e.Detail);
        var rented = length <= 1024 ? null : ArrayPool<byte>.Shared.Rent(length);
        var buffer = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        try
        {
            Magic.CopyTo(buffer);
            var at = Magic.Length;
            buffer[at++] = (byte)e.Chain;
            BinaryPrimitives.WriteInt64BigEndian(buffer[at..], e.Seq);
            at += 8;
            BinaryPrimitives.WriteInt64BigEndian(buffer[at..], UnixMicroseconds(e.OccurredAt));
            at += 8;
            at = Write(buffer, at, e.Kind);
            at = Write(buffer, at, e.Actor);
            at = Write(buffer, at, e.Catalog);
            at = Write(buffer, at, e.RecordId);
            at = Write(buffer, at, e.BatchId);
            at = Write(buffer, at, e.EntityKey);
            at = Write(buffer, at, e.State);
            at = Write(buffer, at, e.PayloadHash);
            at = Write(buffer, at, e.Detail);
            SHA256.HashData(buffer[..at], digest);
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
        Span<byte> both = stackalloc byte[HashSize * 2];
        prevHash.CopyTo(both);
        digest.CopyTo(both[HashSize..]);
        return SHA256.HashData(both);
    }

    /// <summary>The entry's own hash given the hash of its predecessor.</summary>
    public static byte[] EntryHash(AuditEntry e, ReadOnlySpan<byte> prevHash)
    {
        Span<byte> digest = stackalloc byte[HashSize];
        ContentDigest(e, digest);
        return ChainHash(prevHash, digest);
    }

    private static int Utf8(string? s) => s is null ? 0 : Encoding.UTF8.GetByteCount(s);

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
