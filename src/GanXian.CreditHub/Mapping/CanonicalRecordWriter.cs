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
}
