using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GanXian.CreditHub.Mapping;

public enum FieldKind : byte
{
    /// <summary>Not present (or JSON null).</summary>
    Absent,
    String,
    Number,
    /// <summary>Anything else a hand-written record may hold (true, an object, a number no decimal can hold…).</summary>
    Other,
}

/// <summary>
/// One platform-field value as the hub reads it: text or a number, without a JSON node per value. The semantics are
/// those of the JSON value it stands for (<see cref="FieldValues.Text"/>, <see cref="FieldValues.TryGetNumber"/>).
/// </summary>
public readonly struct FieldValue
{
    private readonly string? _text;
    private readonly decimal _number;

    private FieldValue(FieldKind kind, string? text, decimal number)
    {
        Kind = kind;
        _text = text;
        _number = number;
    }

    public FieldKind Kind { get; }

    public bool IsAbsent => Kind == FieldKind.Absent;

    public static FieldValue OfString(string text) => new(FieldKind.String, text, 0);

    public static FieldValue OfNumber(decimal number) => new(FieldKind.Number, null, number);

    /// <summary>The value of a JSON node, with the distinctions the validators make.</summary>
    public static FieldValue From(JsonNode? node)
    {
        if (node is null)
        {
            return default;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.TryGetValue<string>(out var s))
        {
            return OfString(s);
        }

        return FieldValues.TryGetNumber(node, out var d) ? OfNumber(d) : new FieldValue(FieldKind.Other, FieldValues.Text(node), 0);
    }

    /// <summary>The JSON string, when the value is one.</summary>
    public bool TryGetString(out string text)
    {
        text = _text!;
        return Kind == FieldKind.String;
    }

    public bool TryGetNumber(out decimal value)
    {
        value = _number;
        return Kind == FieldKind.Number;
    }

    /// <summary>Text for keys and comparisons: strings as they are, numbers in invariant form (<see cref="FieldValues.Text"/>).</summary>
    public string? Text => Kind switch
    {
        FieldKind.String or FieldKind.Other => _text,
        FieldKind.Number => _number.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>True for an absent value and for the empty string: what "required" means.</summary>
    public bool IsMissing => Kind == FieldKind.Absent || Kind == FieldKind.String && _text!.Length == 0;
}

/// <summary>
/// A record's platform-field values indexed by catalogue field (<see cref="CatalogSpec.Fields"/>): what mapping produces
/// per row and what validation, recordIds and the canonical encoding read, instead of a <see cref="JsonObject"/> per row.
/// Records an officer wrote by hand come in as JSON and are read through <see cref="From(CatalogSpec, JsonObject)"/>.
/// </summary>
public sealed class RecordFields
{
    private readonly FieldValue[] _values;
    private readonly JsonObject? _json;
    private readonly int[]? _mappingOrder;

    private RecordFields(CatalogSpec catalog, FieldValue[] values, JsonObject? json, int[]? mappingOrder)
    {
        Catalog = catalog;
        _values = values;
        _json = json;
        _mappingOrder = mappingOrder;
    }

    public CatalogSpec Catalog { get; }

    /// <summary>The value of a catalogue field by its position in <see cref="CatalogSpec.Fields"/>.</summary>
    public FieldValue this[int index] => _values[index];

    /// <summary>The value of field <paramref name="code"/>; absent for codes the record does not carry.</summary>
    public FieldValue this[string code]
    {
        get
        {
            var i = Catalog.IndexOf(code);
            return i >= 0 ? _values[i] : _json is null ? default : FieldValue.From(_json[code]);
        }
    }

    /// <summary>The value of field <paramref name="key"/>, its position looked up once per catalogue rather than per record.</summary>
    public FieldValue this[FieldKey key]
    {
        get
        {
            var i = key.IndexIn(Catalog);
            return i >= 0 ? _values[i] : _json is null ? default : FieldValue.From(_json[key.Code]);
        }
    }

    /// <summary>A mapped row: <paramref name="values"/> by catalogue field; <paramref name="mappingOrder"/> the fields in the order the mapping file lists them.</summary>
    internal static RecordFields Mapped(CatalogSpec catalog, FieldValue[] values, int[] mappingOrder) => new(catalog, values, null, mappingOrder);

    public static RecordFields From(CatalogSpec catalog, JsonObject data)
    {
        var values = new FieldValue[catalog.Fields.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = FieldValue.From(data[catalog.Fields[i].Code]);
        }

        return new RecordFields(catalog, values, data, null);
    }

    /// <summary>
    /// The record as the JSON object mapping used to build (fields in mapping order, integers as long, decimals as
    /// decimal, strings as strings), or the object it was read from.
    /// </summary>
    public JsonObject ToJsonObject()
    {
        if (_json is not null)
        {
            return _json;
        }

        var properties = new List<KeyValuePair<string, JsonNode?>>(_mappingOrder!.Length);
        foreach (var i in _mappingOrder)
        {
            var v = _values[i];
            var spec = Catalog.Fields[i];
            if (v.TryGetString(out var s))
            {
                properties.Add(new(spec.Code, JsonValue.Create(s)));
            }
            else if (v.TryGetNumber(out var d))
            {
                properties.Add(new(spec.Code, spec.Type == FieldTypes.Integer ? JsonValue.Create((long)d) : JsonValue.Create(d)));
            }
        }

        return new JsonObject(properties);
    }

    /// <summary>True when the record was read from JSON (and may hold values the canonical writer does not know).</summary>
    internal JsonObject? Json => _json;
}

/// <summary>A field code that remembers its position in the catalogue it was last used with (rules read the same fields of every record).</summary>
public sealed class FieldKey(string code)
{
    private Position? _last;

    public string Code { get; } = code;

    public int IndexIn(CatalogSpec catalog)
    {
        // One reference, swapped whole: a concurrent reader sees a catalogue with its own position.
        var last = _last;
        if (last is null || !ReferenceEquals(last.Catalog, catalog))
        {
            last = new Position(catalog, catalog.IndexOf(Code));
            _last = last;
        }

        return last.Index;
    }

    public static implicit operator FieldKey(string code) => new(code);

    private sealed record Position(CatalogSpec Catalog, int Index);
}
