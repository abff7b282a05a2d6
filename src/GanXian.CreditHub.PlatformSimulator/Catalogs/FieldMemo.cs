using System.Text.Encodings.Web;
using System.Text.Json;
using GanXian.CreditHub.Platform.Contract;

namespace GanXian.CreditHub.PlatformSimulator.Catalogs;

/// <summary>
/// The last string seen in each field of a batch, with what was derived from it. Consecutive records repeat most
/// values (the same employer for each insurance type; the same period, date, status and data source throughout), so
/// decoding the escaped text, checking it and encoding it canonically happen once per run of equal values instead
/// of once per record. Every derived value is a pure function of the field and the text, so a hit changes nothing
/// but the cost. One per batch, used by one thread.
/// </summary>
internal sealed class FieldMemo(int fields)
{
    private readonly byte[]?[] _raw = new byte[fields][];
    private readonly int[] _rawLength = new int[fields];
    private readonly string?[] _text = new string[fields];

    // Checks and encodings are asked for record by record after the whole batch is read, so they remember their own
    // last string (a run of equal values is one string instance: see Read).
    private readonly string?[] _checkedText = new string[fields];
    private readonly RecordError?[] _error = new RecordError[fields];
    private readonly string?[] _encodedText = new string[fields];
    private readonly JsonEncodedText[] _encoded = new JsonEncodedText[fields];

    /// <summary>The string value the reader is on (a field of the catalogue): decoded once per run of equal raw bytes.</summary>
    public string Read(ref Utf8JsonReader reader, int field)
    {
        if (reader.HasValueSequence)
        {
            return reader.GetString()!;
        }

        var raw = reader.ValueSpan;
        var last = _raw[field];
        if (last is not null && _text[field] is { } known && raw.SequenceEqual(last.AsSpan(0, _rawLength[field])))
        {
            return known;
        }

        var text = reader.GetString()!;
        if (last is null || last.Length < raw.Length)
        {
            _raw[field] = last = new byte[Math.Max(raw.Length, 64)];
        }

        raw.CopyTo(last);
        _rawLength[field] = raw.Length;
        _text[field] = text;
        return text;
    }

    /// <summary>The earlier check of this very string in this field, if it was the last one checked there.</summary>
    public bool TryGetCheck(int field, string text, out RecordError? error)
    {
        var hit = ReferenceEquals(_checkedText[field], text);
        error = hit ? _error[field] : null;
        return hit;
    }

    public void SetCheck(int field, string text, RecordError? error) => (_checkedText[field], _error[field]) = (text, error);

    /// <summary>The canonical JSON escaping of a string value, reused while the field holds the very same string.</summary>
    public JsonEncodedText Encoded(int field, string text)
    {
        if (!ReferenceEquals(_encodedText[field], text))
        {
            (_encodedText[field], _encoded[field]) = (text, JsonEncodedText.Encode(text, GanXian.CreditHub.Platform.Contract.CanonicalJsonEncoder.Instance));
        }

        return _encoded[field];
    }
}
