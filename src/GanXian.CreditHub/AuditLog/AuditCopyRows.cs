using System.Buffers;
using System.Buffers.Binary;
using GanXian.CreditHub.Hosting;

namespace GanXian.CreditHub.AuditLog;

/// <summary>
/// Seals events straight into PostgreSQL's binary COPY format for <c>audit_entries</c> (columns in
/// <see cref="AuditLogWriter.Columns"/> order), for a raw binary COPY. The nine string fields of the hash content are
/// byte for byte the COPY text fields, so each is encoded once into the row and hashed where it lies: the content
/// header is written into the row's prefix, hashed together with the fields, and then overwritten by the COPY
/// prefix. No object and no string per entry, two SHA-256 per entry, one pooled buffer per call.
/// </summary>
internal sealed class AuditCopyRows : IDisposable
{
    // PGCOPY\n\377\r\n\0, flags (no OIDs), header extension length.
    private static ReadOnlySpan<byte> Signature => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];

    private const int FileHeaderSize = 11 + 4 + 4;
    private const short ColumnCount = 14;

    // i16 column count, chain (i32 2 + i16), seq (i32 8 + i64), occurred_at (i32 8 + i64).
    private const int RowPrefixSize = 2 + 6 + 12 + 12;

    // prev_hash and hash: i32 32 + 32 bytes each.
    private const int RowSuffixSize = 2 * (4 + AuditEncoding.HashSize);

    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    private readonly LogChain chain;
    private readonly long unixMicroseconds;
    private readonly long postgresMicroseconds;
    private readonly byte[] prev = new byte[AuditEncoding.HashSize];
    private byte[] buffer;
    private int length;

    public AuditCopyRows(LogChain chain, DateTimeOffset occurredAt, long lastSeq, ReadOnlySpan<byte> lastHash, int capacity)
    {
        this.chain = chain;
        unixMicroseconds = AuditEncoding.UnixMicroseconds(occurredAt);
        postgresMicroseconds = (occurredAt.UtcTicks - PostgresEpochTicks) / 10;
        LastSeq = lastSeq;
        lastHash.CopyTo(prev);
        buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 4096));
        Signature.CopyTo(buffer);
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(11), 0);
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(15), 0);
        length = FileHeaderSize;
    }

    public long LastSeq { get; private set; }

    /// <summary>The hash of the last entry sealed (the chain's new head).</summary>
    public ReadOnlySpan<byte> LastHash => prev;

    /// <summary>Bytes of COPY data buffered so far (flush to the server from time to time for very long lists).</summary>
    public int Length => length;

    public void Add(LogEvent e)
    {
        var maxFields = AuditEncoding.MaxFieldsSize(e.Kind, e.Actor, e.Catalog, e.RecordId, e.BatchId, e.EntityKey, e.State, e.PayloadHash, e.Detail);
        Ensure(RowPrefixSize + maxFields + RowSuffixSize);
        var row = buffer.AsSpan(length);
        var seq = ++LastSeq;

        // Content = header ‖ fields, laid out contiguously at the end of the prefix so it is hashed in place.
        var fieldsEnd = AuditEncoding.WriteFields(row, RowPrefixSize, e.Kind, e.Actor, e.Catalog, e.RecordId, e.BatchId, e.EntityKey, e.State,
            e.PayloadHash, e.Detail);
        var content = row[(RowPrefixSize - AuditEncoding.HeaderSize)..fieldsEnd];
        AuditEncoding.WriteHeader(content, chain, seq, unixMicroseconds);
        Span<byte> digest = stackalloc byte[AuditEncoding.HashSize];
        Sha256.Hash(content, digest);

        BinaryPrimitives.WriteInt16BigEndian(row, ColumnCount);
        BinaryPrimitives.WriteInt32BigEndian(row[2..], 2);
        BinaryPrimitives.WriteInt16BigEndian(row[6..], (short)chain);
        BinaryPrimitives.WriteInt32BigEndian(row[8..], 8);
        BinaryPrimitives.WriteInt64BigEndian(row[12..], seq);
        BinaryPrimitives.WriteInt32BigEndian(row[20..], 8);
        BinaryPrimitives.WriteInt64BigEndian(row[24..], postgresMicroseconds);

        var suffix = row[fieldsEnd..];
        BinaryPrimitives.WriteInt32BigEndian(suffix, AuditEncoding.HashSize);
        prev.CopyTo(suffix[4..]);
        BinaryPrimitives.WriteInt32BigEndian(suffix[36..], AuditEncoding.HashSize);
        var hash = suffix.Slice(40, AuditEncoding.HashSize);
        AuditEncoding.ChainHash(prev, digest, hash);
        hash.CopyTo(prev);
        length += fieldsEnd + RowSuffixSize;
    }

    /// <summary>Hands out the buffered data (ending it with the COPY trailer when <paramref name="last"/>) and starts afresh.</summary>
    public ReadOnlyMemory<byte> Take(bool last)
    {
        if (last)
        {
            Ensure(2);
            BinaryPrimitives.WriteInt16BigEndian(buffer.AsSpan(length), -1);
            length += 2;
        }

        var data = buffer.AsMemory(0, length);
        length = 0;
        return data;
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(buffer);

    private void Ensure(int more)
    {
        if (length + more <= buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, length + more));
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }
}
