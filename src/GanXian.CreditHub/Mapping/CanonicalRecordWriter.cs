using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using GanXian.CreditHub.Platform.Contract;

namespace GanXian.CreditHub.Mapping;

/// <summary>
/// Writes a mapped record straight into the canonical encoding of <see cref="CanonicalJson"/> (keys in ordinal order,
/// no whitespace, unescaped non-ASCII, plain numbers without trailing zeros), byte for byte what
/// <see cref="CanonicalJson.Encode"/> makes of the record's JSON object, without building one. One writer per thread;
/// the returned span is valid until the next call.
/// </summary>
internal sealed class CanonicalRecordWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    [ThreadStatic]
    private static CanonicalRecordWriter? _current;

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;
    private CatalogSpec? _namesFor;
    private JsonEncodedText[] _names = [];

    private CanonicalRecordWriter() => _writer = new Utf8JsonWriter(_buffer, Options);

    public static CanonicalRecordWriter Current => _current ??= new CanonicalRecordWriter();

    public ReadOnlySpan<byte> Write(RecordFields record)
    {
        if (record.Json is { } json)
        {
            // Hand-written JSON may hold anything (unknown keys, nested values): the general encoder.
            return CanonicalJson.Encode(json);
        }

        var catalog = record.Catalog;
        if (!ReferenceEquals(_namesFor, catalog))
        {
            _names = [.. catalog.Fields.Select(f => JsonEncodedText.Encode(f.Code, Options.Encoder))];
            _namesFor = catalog;
        }

        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
        Span<byte> number = stackalloc byte[64];
        foreach (var i in catalog.CanonicalOrder)
        {
            var value = record[i];
            if (value.TryGetString(out var text))
            {
                _writer.WriteString(_names[i], text);
            }
            else if (value.TryGetNumber(out var d))
            {
                _writer.WritePropertyName(_names[i]);
                _writer.WriteRawValue(number[..FormatNumber(d, number)], skipInputValidation: true);
            }
        }

        _writer.WriteEndObject();
        _writer.Flush();
        return _buffer.WrittenSpan;
    }

    /// <summary><see cref="CanonicalJson.FormatNumber"/> into UTF-8 without a string: plain notation, no trailing fractional zeros, no "-0".</summary>
    internal static int FormatNumber(decimal value, Span<byte> destination)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        if (bits[2] == 0)
        {
            return FormatSmall(((ulong)(uint)bits[1] << 32) | (uint)bits[0], (bits[3] >> 16) & 0xFF, bits[3] < 0, destination);
        }

        // A decimal's general format is always plain notation (never an exponent), with as many decimals as its scale.
        if (!value.TryFormat(destination, out var n, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("a decimal does not fit 64 bytes");
        }

        if (destination[..n].IndexOf((byte)'.') >= 0)
        {
            while (destination[n - 1] == (byte)'0')
            {
                n--;
            }

            if (destination[n - 1] == (byte)'.')
            {
                n--;
            }
        }

        if (n == 2 && destination[0] == (byte)'-' && destination[1] == (byte)'0')
        {
            destination[0] = (byte)'0';
            n = 1;
        }

        return n;
    }

    /// <summary>A decimal whose mantissa fits 64 bits, formatted from its parts: the common case, without number-formatting machinery.</summary>
    private static int FormatSmall(ulong mantissa, int scale, bool negative, Span<byte> destination)
    {
        while (scale > 0 && mantissa % 10 == 0)
        {
            mantissa /= 10;
            scale--;
        }

        if (mantissa == 0)
        {
            destination[0] = (byte)'0';
            return 1;
        }

        Span<byte> digits = stackalloc byte[20];
        var d = digits.Length;
        do
        {
            digits[--d] = (byte)('0' + (int)(mantissa % 10));
            mantissa /= 10;
        }
        while (mantissa != 0);

        var count = digits.Length - d;
        var n = 0;
        if (negative)
        {
            destination[n++] = (byte)'-';
        }

        if (scale == 0)
        {
            digits[d..].CopyTo(destination[n..]);
            return n + count;
        }

        if (count > scale)
        {
            digits.Slice(d, count - scale).CopyTo(destination[n..]);
            n += count - scale;
            destination[n++] = (byte)'.';
            digits[^scale..].CopyTo(destination[n..]);
            return n + scale;
        }

        destination[n++] = (byte)'0';
        destination[n++] = (byte)'.';
        destination.Slice(n, scale - count).Fill((byte)'0');
        n += scale - count;
        digits[d..].CopyTo(destination[n..]);
        return n + count;
    }
}
