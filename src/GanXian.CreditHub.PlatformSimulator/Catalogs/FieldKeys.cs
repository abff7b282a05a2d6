using System.Text;
using System.Text.Json;
using GanXian.CreditHub.Platform.Contract;

namespace GanXian.CreditHub.PlatformSimulator.Catalogs;

/// <summary>
/// A catalogue's fields by position, with their codes as UTF-8, so the batch reader recognises a record's keys in the
/// request bytes and reuses the catalogue's own strings instead of decoding a dozen new ones per record, and the
/// validator finds a field and the missing required ones by position (a bit each) instead of by name.
/// </summary>
internal sealed class FieldKeys
{
    private readonly byte[][] _utf8;
    private readonly string[] _codes;
    private readonly Dictionary<string, int> _index;

    public FieldKeys(IReadOnlyList<CatalogField> fields)
    {
        if (fields.Count > 64)
        {
            throw new InvalidOperationException("a catalogue has more than 64 fields: the field bit masks need widening");
        }

        Fields = fields.ToArray();
        _codes = Fields.Select(f => f.Code).ToArray();
        _utf8 = _codes.Select(Encoding.UTF8.GetBytes).ToArray();
        Names = _codes.Select(c => JsonEncodedText.Encode(c, GanXian.CreditHub.Platform.Contract.CanonicalJsonEncoder.Instance)).ToArray();
        _index = _codes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        for (var i = 0; i < Fields.Length; i++)
        {
            RequiredMask |= Fields[i].Required ? 1UL << i : 0;
        }
    }

    /// <summary>The catalogue's fields in its own order (the order of the REQUIRED errors).</summary>
    public CatalogField[] Fields { get; }

    /// <summary>The field codes as canonical JSON property names, encoded once.</summary>
    public JsonEncodedText[] Names { get; }

    /// <summary>One bit per required field, by position.</summary>
    public ulong RequiredMask { get; }

    public int Count => _codes.Length;

    /// <summary>The position of a field code, or -1 when the catalogue has no such field.</summary>
    public int IndexOf(string code) => _index.GetValueOrDefault(code, -1);

    /// <summary>The property name the reader is on, from this table when it is a known field.</summary>
    /// <param name="index">The field's position in the table, or -1.</param>
    public string Read(ref Utf8JsonReader reader, out int index)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            var name = reader.ValueSpan;
            for (var i = 0; i < _utf8.Length; i++)
            {
                if (name.SequenceEqual(_utf8[i]))
                {
                    index = i;
                    return _codes[i];
                }
            }
        }

        // Escaped (or split) names are decoded, then still matched, so a field spelt two ways is one field.
        var decoded = reader.GetString()!;
        index = IndexOf(decoded);
        return index >= 0 ? _codes[index] : decoded;
    }
}
