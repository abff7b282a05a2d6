using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using GanXian.CreditHub.Platform.Contract;

namespace GanXian.CreditHub.PlatformSimulator.Catalogs;

/// <summary>
/// The content hash of an accepted record straight from its <see cref="RecordData"/>: the same bytes as
/// <see cref="CanonicalJson.Encode"/> of the parsed object (keys by ordinal, only JSON's own escapes, plain decimals), without
/// building a JSON DOM and with one reused buffer per thread. Only for valid records, which are flat objects of
/// strings and numbers (the validator rejects anything else).
/// </summary>
internal sealed class CanonicalRecord
{
    [ThreadStatic]
    private static CanonicalRecord? _perThread;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        Encoder = CanonicalJsonEncoder.Instance,
        SkipValidation = true,
    };

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    // Reused: a one-shot SHA256.HashData sets up and frees an OpenSSL context per call, which costs more than hashing
    // the 300 bytes of a record.
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    private CanonicalRecord() => _writer = new Utf8JsonWriter(_buffer, WriterOptions);

    /// <param name="fields">The record's catalogue (its property names are encoded once).</param>
    /// <param name="memo">The batch's memo of field values, whose encodings are reused; null encodes every value.</param>
    public static string ContentHash(RecordData data, FieldKeys? fields = null, FieldMemo? memo = null)
    {
        var self = _perThread ??= new CanonicalRecord();
        self.Write(data, fields, memo);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        self._sha256.AppendData(self._buffer.WrittenSpan);
        self._sha256.GetHashAndReset(hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>The canonical bytes (for tests that compare them with <see cref="CanonicalJson.Encode"/>).</summary>
    public static byte[] Encode(RecordData data)
    {
        var self = _perThread ??= new CanonicalRecord();
        self.Write(data, null, null);
        return self._buffer.WrittenSpan.ToArray();
    }

    private void Write(RecordData data, FieldKeys? fields, FieldMemo? memo)
    {
        var entries = data.Entries;
        Span<int> order = entries.Count <= 64 ? stackalloc int[entries.Count] : new int[entries.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Insertion sort: a dozen keys, usually already in order (the hub sends canonical data).
        for (var i = 1; i < order.Length; i++)
        {
            var item = order[i];
            var j = i - 1;
            while (j >= 0 && string.CompareOrdinal(entries[order[j]].Key, entries[item].Key) > 0)
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = item;
        }

        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
        Span<byte> number = stackalloc byte[64];
        foreach (var i in order)
        {
            var (key, index, value) = entries[i];
            if (fields is not null && index >= 0)
            {
                _writer.WritePropertyName(fields.Names[index]);
            }
            else
            {
                _writer.WritePropertyName(key);
            }

            switch (value.Kind)
            {
                case DataKind.String when memo is not null && index >= 0:
                    _writer.WriteStringValue(memo.Encoded(index, value.Text!));
                    break;
                case DataKind.String:
                    _writer.WriteStringValue(value.Text);
                    break;
                case DataKind.Number when value.Decimal is { } d:
                    _writer.WriteRawValue(number[..CanonicalJson.FormatNumber(d, number)], skipInputValidation: true);
                    break;
                default:
                    throw new InvalidOperationException($"field {key} is not a string or a decimal number: only valid records have a content hash");
            }
        }

        _writer.WriteEndObject();
        _writer.Flush();
    }
}

/// <summary>The scale that <see cref="CanonicalJson.FormatNumber(decimal, Span{byte})"/> implies, for the validator.</summary>
internal static class CanonicalNumber
{
    /// <summary>Digits after the point in the plain notation: the decimal's scale less its trailing zeros.</summary>
    public static int Scale(decimal value)
    {
        var scale = (int)value.Scale;
        if (scale == 0)
        {
            return 0;
        }

        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        if (mantissa == 0)
        {
            return 0;
        }

        while (scale > 0 && mantissa % 10 == 0)
        {
            mantissa /= 10;
            scale--;
        }

        return scale;
    }
}
