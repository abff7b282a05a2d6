using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Hosting;

namespace GanXian.CreditHub.Tests.AuditLog;

public sealed class AuditCopyRowsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 18, 30, 0, 123, TimeSpan.Zero);

    [Fact]
    public void Rows_are_valid_binary_copy_and_carry_the_documented_hashes()
    {
        var events = Events();
        var lastHash = SHA256.HashData("entry 41"u8);
        using var rows = new AuditCopyRows(LogChain.Exchange, At, 41, lastHash, capacity: 64);

        // A first piece taken in the middle, as the writer does for long lists.
        var data = new List<byte>();
        rows.Add(events[0]);
        data.AddRange(rows.Take(last: false).ToArray());
        foreach (var e in events.Skip(1))
        {
            rows.Add(e);
        }

        data.AddRange(rows.Take(last: true).ToArray());

        var parsed = Parse(data.ToArray());
        Assert.Equal(events.Count, parsed.Count);
        var prev = lastHash;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var row = parsed[i];
            Assert.Equal(1, BinaryPrimitives.ReadInt16BigEndian(row[0]!));
            Assert.Equal(42 + i, BinaryPrimitives.ReadInt64BigEndian(row[1]!));
            var postgresMicros = BinaryPrimitives.ReadInt64BigEndian(row[2]!);
            Assert.Equal(At, new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(postgresMicros * 10));
            string?[] texts = [e.Kind, e.Actor, e.Catalog, e.RecordId, e.BatchId, e.EntityKey, e.State, e.PayloadHash, e.Detail];
            Assert.Equal(texts, row.Skip(3).Take(9).Select(b => b is null ? null : Encoding.UTF8.GetString(b)));
            Assert.Equal(prev, row[12]);

            var entry = new AuditEntry
            {
                Chain = LogChain.Exchange, Seq = 42 + i, OccurredAt = At, Kind = e.Kind, Actor = e.Actor, Catalog = e.Catalog, RecordId = e.RecordId,
                BatchId = e.BatchId, EntityKey = e.EntityKey, State = e.State, PayloadHash = e.PayloadHash, Detail = e.Detail,
            };
            Assert.Equal(AuditEncoding.EntryHash(entry, prev), row[13]);
            prev = row[13]!;
        }

        Assert.Equal(41 + events.Count, rows.LastSeq);
        Assert.Equal(prev, rows.LastHash.ToArray());
    }

    private static List<LogEvent> Events() =>
    [
        new() { Chain = LogChain.Exchange, Kind = "batch.stored", Actor = "system:exchange", Catalog = "SHBX_JFXX", BatchId = "b-1", State = "stored" },
        new()
        {
            Chain = LogChain.Exchange, Kind = "record.sending", Actor = "system:exchange", Catalog = "SHBX_JFXX", RecordId = "SHBX_JFXX-ABCDEF",
            BatchId = "b-1", EntityKey = "91360704MA0000001X", State = "sending", PayloadHash = new string('c', 64), Detail = "upsert",
        },
        new() { Chain = LogChain.Exchange, Kind = "record.note", Actor = "张三", Detail = "" },

        // Longer than the initial buffer, and not ASCII: the buffer grows and lengths are in bytes.
        new() { Chain = LogChain.Exchange, Kind = "record.rejected", Actor = "system:exchange", Detail = string.Concat(Enumerable.Repeat("赣县区人社局；", 400)) },
    ];

    /// <summary>PostgreSQL's binary COPY format, read the plain way: header, rows of length-prefixed fields, trailer.</summary>
    private static List<byte[]?[]> Parse(byte[] data)
    {
        Assert.Equal([(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0], data[..11]);
        Assert.Equal(0, BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(11)));
        Assert.Equal(0, BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(15)));
        var at = 19;
        var rows = new List<byte[]?[]>();
        while (true)
        {
            var columns = BinaryPrimitives.ReadInt16BigEndian(data.AsSpan(at));
            at += 2;
            if (columns == -1)
            {
                break;
            }

            Assert.Equal(14, columns);
            var row = new byte[]?[columns];
            for (var c = 0; c < columns; c++)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(at));
                at += 4;
                if (length >= 0)
                {
                    row[c] = data.AsSpan(at, length).ToArray();
                    at += length;
                }
            }

            rows.Add(row);
        }

        Assert.Equal(data.Length, at);
        return rows;
    }
}
