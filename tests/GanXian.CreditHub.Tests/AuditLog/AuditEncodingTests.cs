using System.Security.Cryptography;
using System.Text;
using GanXian.CreditHub.AuditLog;

namespace GanXian.CreditHub.Tests.AuditLog;

public sealed class AuditEncodingTests
{
    private static readonly AuditEntry Sample = new()
    {
        Chain = LogChain.Exchange,
        Seq = 1,
        OccurredAt = new DateTimeOffset(2026, 12, 1, 12, 0, 0, 123, TimeSpan.Zero),
        Kind = "record.sent",
        Actor = "system:exchange",
        Catalog = "XZCF",
        RecordId = "r-1",
        BatchId = "b-1",
        EntityKey = "91350100M000100Y43",
        State = "pending",
        PayloadHash = null,
        Detail = "赣县区",
    };

    /// <summary>docs/audit-log.md written out again the naive way, as an auditor would: the two must agree byte for byte.</summary>
    private static byte[] AuditorsReimplementation(AuditEntry e, byte[] prev)
    {
        using var content = new MemoryStream();
        content.Write("GXA1"u8);
        content.WriteByte((byte)e.Chain);
        content.Write(BigEndian(e.Seq));
        content.Write(BigEndian((e.OccurredAt.ToUnixTimeMilliseconds()) * 1000));
        foreach (var field in new[] { e.Kind, e.Actor, e.Catalog, e.RecordId, e.BatchId, e.EntityKey, e.State, e.PayloadHash, e.Detail })
        {
            if (field is null)
            {
                content.Write([0xFF, 0xFF, 0xFF, 0xFF]);
            }
            else
            {
                var bytes = Encoding.UTF8.GetBytes(field);
                content.Write(BigEndian(bytes.Length));
                content.Write(bytes);
            }
        }

        var digest = SHA256.HashData(content.ToArray());
        return SHA256.HashData([.. prev, .. digest]);
    }

    private static byte[] BigEndian(long v) => BitConverter.IsLittleEndian ? BitConverter.GetBytes(v).Reverse().ToArray() : BitConverter.GetBytes(v);

    private static byte[] BigEndian(int v) => BitConverter.IsLittleEndian ? BitConverter.GetBytes(v).Reverse().ToArray() : BitConverter.GetBytes(v);

    [Fact]
    public void The_entry_hash_is_the_documented_encoding()
    {
        var prev = SHA256.HashData("previous"u8);
        Assert.Equal(AuditorsReimplementation(Sample, prev), AuditEncoding.EntryHash(Sample, prev));
        Assert.Equal(AuditorsReimplementation(Sample, AuditEncoding.Genesis), AuditEncoding.EntryHash(Sample, AuditEncoding.Genesis));
    }

    [Fact]
    public void Every_field_and_the_previous_hash_change_the_hash_and_null_differs_from_empty()
    {
        var prev = AuditEncoding.Genesis;
        var baseline = AuditEncoding.EntryHash(Sample, prev);
        Assert.Equal(baseline, AuditEncoding.EntryHash(Copy(_ => { }), prev));

        AuditEntry[] changed =
        [
            Copy(e => e.Chain = LogChain.Operation), Copy(e => e.Seq = 2), Copy(e => e.OccurredAt = e.OccurredAt.AddMilliseconds(1)),
            Copy(e => e.Kind = "record.accepted"), Copy(e => e.Actor = "alice"), Copy(e => e.Catalog = null), Copy(e => e.RecordId = "r-2"),
            Copy(e => e.BatchId = "b-2"), Copy(e => e.EntityKey = "91350100M000100Y44"), Copy(e => e.State = "accepted"),
            Copy(e => e.PayloadHash = ""), Copy(e => e.Detail = "赣州"),
            // Field boundaries are length-prefixed: moving a character from one field to the next changes the hash.
            Copy(e => { e.RecordId = "r-1b"; e.BatchId = "-1"; }),
        ];
        Assert.All(changed, c => Assert.NotEqual(baseline, AuditEncoding.EntryHash(c, prev)));
        Assert.NotEqual(baseline, AuditEncoding.EntryHash(Sample, SHA256.HashData("x"u8)));
        Assert.Equal(changed.Length, changed.Select(c => Convert.ToHexString(AuditEncoding.EntryHash(c, prev))).Distinct().Count());
    }

    [Fact]
    public void Long_fields_hash_like_short_ones_and_times_keep_milliseconds_only()
    {
        var big = Copy(e => e.Detail = new string('详', 5000));
        Assert.Equal(AuditorsReimplementation(big, AuditEncoding.Genesis), AuditEncoding.EntryHash(big, AuditEncoding.Genesis));
        var t = new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.FromHours(8)).AddTicks(12_345_678);
        var truncated = AuditEncoding.Truncate(t);
        Assert.Equal(TimeSpan.Zero, truncated.Offset);
        Assert.Equal(0, truncated.UtcTicks % TimeSpan.TicksPerMillisecond);
        Assert.True(t - truncated < TimeSpan.FromMilliseconds(1) && t >= truncated);
    }

    [Fact]
    public void A_checkpoint_statement_is_signed_and_any_change_breaks_the_signature()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var statement = CheckpointStatement.Bytes("exchange", 42, new string('a', 64), "2026-12-01T12:00:00.000Z");
        Assert.Equal("GXCH-AUDIT-CHECKPOINT/1\nchain=exchange\nseq=42\nhead=" + new string('a', 64) + "\ntime=2026-12-01T12:00:00.000Z",
            Encoding.UTF8.GetString(statement));
        var signature = key.SignData(statement, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        using var pub = AuditSigningKey.ImportPublicKey(key.ExportSubjectPublicKeyInfoPem());
        Assert.True(AuditSigningKey.Verify(pub, statement, signature));
        Assert.False(AuditSigningKey.Verify(pub, CheckpointStatement.Bytes("exchange", 41, new string('a', 64), "2026-12-01T12:00:00.000Z"), signature));
    }

    private static AuditEntry Copy(Action<AuditEntry> change)
    {
        var e = new AuditEntry
        {
            Chain = Sample.Chain, Seq = Sample.Seq, OccurredAt = Sample.OccurredAt, Kind = Sample.Kind, Actor = Sample.Actor, Catalog = Sample.Catalog,
            RecordId = Sample.RecordId, BatchId = Sample.BatchId, EntityKey = Sample.EntityKey, State = Sample.State, PayloadHash = Sample.PayloadHash,
            Detail = Sample.Detail,
        };
        change(e);
        return e;
    }
}
