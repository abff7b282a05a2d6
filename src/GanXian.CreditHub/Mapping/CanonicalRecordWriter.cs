using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GanXian.CreditHub.Platform.Contract;
using GanXian.CreditHub.Hosting;

namespace GanXian.CreditHub.Mapping;

/// <summary>
/// The canonical encoding of <see cref="CanonicalJson"/> (keys in ordinal order, no whitespace, unescaped non-ASCII,
/// plain numbers without trailing zeros) of a mapped record, byte for byte what <see cref="CanonicalJson.Encode"/> makes
/// of the record's JSON object, together with its text and content hash, without building the object. The JSON is
/// assembled from fragments: each property name once per catalogue, each string value once per distinct string (the
/// escaped UTF-8 and UTF-16 forms, made by the same <see cref="Utf8JsonWriter"/> settings as CanonicalJson), numbers
/// formatted in place. An export repeats its text values row after row as the same string instances (the reader's cell
/// pool), so most rows are copies of cached fragments: no escaping, no transcoding. One writer per thread.
/// </summary>
internal sealed class CanonicalRecordWriter
{
    private const int SlotsPerField = 64;

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = false,
        Encoder = CanonicalJsonEncoder.Instance,
        SkipValidation = true,
    };

    [ThreadStatic]
    private static CanonicalRecordWriter? _current;

    private readonly ArrayBufferWriter<byte> _scratch = new(256);
    private readonly Utf8JsonWriter _scratchWriter;
    private byte[] _utf8 = new byte[1024];
    private char[] _utf16 = new char[1024];
    private int _length8;
    private int _length16;
    private CatalogSpec? _catalog;
    private Fragment[] _names = [];
    private Fragment?[]?[] _strings = [];
    private Fragment?[] _last = [];

    private CanonicalRecordWriter() => _scratchWriter = new Utf8JsonWriter(_scratch, Options);

    public static CanonicalRecordWriter Current => _current ??= new CanonicalRecordWriter();

    /// <summary>The UTF-8 bytes of the last <see cref="Encode"/> (what was hashed).</summary>
    public ReadOnlySpan<byte> LastUtf8 => _utf8.AsSpan(0, _length8);

    /// <summary>The canonical text of <paramref name="record"/> and the lower-case hex SHA-256 of its UTF-8 bytes.</summary>
    public (string Text, string Hash) Encode(RecordFields record)
    {
        if (record.Json is { } json)
        {
            // Hand-written JSON may hold anything (unknown keys, nested values): the general encoder.
            var bytes = CanonicalJson.Encode(json);
            var text = Encoding.UTF8.GetString(bytes);
            _length8 = _length16 = 0;
            Append(bytes, text);
            return (text, Hex(bytes));
        }

        Prepare(record.Catalog);
        _length8 = _length16 = 0;
        Span<byte> number = stackalloc byte[64];
        var first = true;
        foreach (var i in record.Catalog.CanonicalOrder)
        {
            var value = record[i];
            if (value.IsAbsent)
            {
                continue;
            }

            Ascii(first ? (byte)'{' : (byte)',');
            first = false;
            var name = _names[i];
            Append(name.Utf8, name.Utf16);
            if (value.TryGetString(out var text))
            {
                var fragment = StringFragment(i, text);
                Append(fragment.Utf8, fragment.Utf16);
            }
            else if (value.TryGetNumber(out var d))
            {
                AppendAscii(number[..CanonicalJson.FormatNumber(d, number)]);
            }
            else
            {
                throw new InvalidOperationException("a mapped record holds only strings and numbers");
            }
        }

        if (first)
        {
            Ascii((byte)'{');
        }

        Ascii((byte)'}');
        return (new string(_utf16, 0, _length16), Hex(_utf8.AsSpan(0, _length8)));
    }

    private static string Hex(ReadOnlySpan<byte> bytes)
    {
        Span<byte> hash = stackalloc byte[32];
        Sha256.Hash(bytes, hash);
        return Convert.ToHexStringLower(hash);
    }

    private void Prepare(CatalogSpec catalog)
    {
        if (ReferenceEquals(_catalog, catalog))
        {
            return;
        }

        _names = [.. catalog.Fields.Select(f => Fragment.Of(Escaped(f.Code, propertyName: true)))];
        _strings = new Fragment?[]?[catalog.Fields.Count];
        _last = new Fragment?[catalog.Fields.Count];
        _catalog = catalog;
    }

    private Fragment StringFragment(int field, string text)
    {
        // Most often the value is the one of the previous row (period, date, the bureau's name and code, the employer's).
        if (_last[field] is { } last && ReferenceEquals(last.Source, text))
        {
            return last;
        }

        var fragment = SlotFragment(field, text);
        _last[field] = fragment;
        return fragment;
    }

    private Fragment SlotFragment(int field, string text)
    {
        var slots = _strings[field] ??= new Fragment?[SlotsPerField];
        // Cheap rather than good: a collision only costs re-escaping one string.
        var slot = text.Length == 0 ? 0 : (text.Length * 31 + text[0] * 7 + text[^1] + text[text.Length >> 1] * 17) & (SlotsPerField - 1);
        if (slots[slot] is { } cached && ReferenceEquals(cached.Source, text))
        {
            return cached;
        }

        var fragment = Fragment.Of(Escaped(text, propertyName: false), text);
        slots[slot] = fragment;
        return fragment;
    }

    /// <summary>A JSON string as <see cref="Utf8JsonWriter"/> writes it (quotes and escapes); a property name is followed by its colon.</summary>
    private byte[] Escaped(string text, bool propertyName)
    {
        _scratch.ResetWrittenCount();
        _scratchWriter.Reset(_scratch);
        _scratchWriter.WriteStringValue(text);
        _scratchWriter.Flush();
        var written = _scratch.WrittenSpan;
        var bytes = new byte[written.Length + (propertyName ? 1 : 0)];
        written.CopyTo(bytes);
        if (propertyName)
        {
            bytes[^1] = (byte)':';
        }

        return bytes;
    }

    private void Ascii(byte b)
    {
        if (_length8 == _utf8.Length || _length16 == _utf16.Length)
        {
            Grow(1, 1);
        }

        _utf8[_length8++] = b;
        _utf16[_length16++] = (char)b;
    }

    private void AppendAscii(ReadOnlySpan<byte> ascii)
    {
        if (_length8 + ascii.Length > _utf8.Length || _length16 + ascii.Length > _utf16.Length)
        {
            Grow(ascii.Length, ascii.Length);
        }

        ascii.CopyTo(_utf8.AsSpan(_length8));
        _length8 += ascii.Length;
        for (var i = 0; i < ascii.Length; i++)
        {
            _utf16[_length16++] = (char)ascii[i];
        }
    }

    private void Append(ReadOnlySpan<byte> utf8, ReadOnlySpan<char> utf16)
    {
        if (_length8 + utf8.Length > _utf8.Length || _length16 + utf16.Length > _utf16.Length)
        {
            Grow(utf8.Length, utf16.Length);
        }

        utf8.CopyTo(_utf8.AsSpan(_length8));
        _length8 += utf8.Length;
        utf16.CopyTo(_utf16.AsSpan(_length16));
        _length16 += utf16.Length;
    }

    private void Grow(int more8, int more16)
    {
        Array.Resize(ref _utf8, Math.Max(_utf8.Length * 2, _length8 + more8));
        Array.Resize(ref _utf16, Math.Max(_utf16.Length * 2, _length16 + more16));
    }

    private sealed record Fragment(string? Source, byte[] Utf8, string Utf16)
    {
        public static Fragment Of(byte[] utf8, string? source = null) => new(source, utf8, Encoding.UTF8.GetString(utf8));
    }
}
