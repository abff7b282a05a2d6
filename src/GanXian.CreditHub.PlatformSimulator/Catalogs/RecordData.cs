using System.Text.Json;
using System.Text.Json.Nodes;

namespace GanXian.CreditHub.PlatformSimulator.Catalogs;

/// <summary>One field of a record's data: its key, its position in the catalogue (-1: not a field of it), its value.</summary>
internal readonly record struct DataField(string Key, int FieldIndex, DataValue Value);

/// <summary>What the validator needs to know of one JSON value of a record's <c>data</c>.</summary>
internal enum DataKind
{
    String,
    Number,

    /// <summary>true or false (or any other JSON value that is neither a string nor a number).</summary>
    OtherScalar,

    /// <summary>JSON null.</summary>
    Null,

    /// <summary>An object or an array: never a valid field value.</summary>
    Composite,
}

/// <summary>
/// One value of a record's <c>data</c>. A number keeps what the JSON text allows: an Int64 or not, a decimal or not
/// (the same tests as <c>JsonElement.TryGetInt64/TryGetDecimal</c>, so both parsers judge a number alike).
/// </summary>
internal readonly record struct DataValue(DataKind Kind, string? Text = null, bool IsInt64 = false, decimal? Decimal = null)
{
    public static DataValue Of(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => new DataValue(DataKind.String, reader.GetString()),
        JsonTokenType.Number => new DataValue(DataKind.Number, null, reader.TryGetInt64(out _), reader.TryGetDecimal(out var d) ? d : null),
        JsonTokenType.True or JsonTokenType.False => new DataValue(DataKind.OtherScalar),
        JsonTokenType.Null => new DataValue(DataKind.Null),
        _ => new DataValue(DataKind.Composite),
    };

    public static DataValue Of(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return new DataValue(node is null ? DataKind.Null : DataKind.Composite);
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.String => new DataValue(DataKind.String, value.GetValue<string>()),
            JsonValueKind.Number => new DataValue(DataKind.Number, null, value.TryGetValue<long>(out _), value.TryGetValue<decimal>(out var d) ? d : null),
            _ => new DataValue(DataKind.OtherScalar),
        };
    }
}

/// <summary>
/// A record's <c>data</c> as fields in document order, without a JSON DOM: the batch reader fills it straight from
/// the request body. Each field knows its position in the catalogue (-1: unknown), and <see cref="Present"/> has a
/// bit per catalogue field present, so the validator looks nothing up by name. Records have a dozen fields, so
/// lookups by name (cross-field rules) scan.
/// </summary>
internal sealed class RecordData
{
    private readonly List<DataField> _entries;

    public RecordData(int capacity = 16) => _entries = new List<DataField>(capacity);

    public int Count => _entries.Count;

    public IReadOnlyList<DataField> Entries => _entries;

    /// <summary>One bit per catalogue field present, by position.</summary>
    public ulong Present { get; private set; }

    /// <summary>Adds a field; the caller has made sure the key is not there yet.</summary>
    public void Add(string key, int fieldIndex, DataValue value)
    {
        _entries.Add(new DataField(key, fieldIndex, value));
        Present |= fieldIndex is >= 0 and < 64 ? 1UL << fieldIndex : 0;
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, out DataValue value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _entries[i].Value : default;
        return i >= 0;
    }

    /// <summary>The view of a parsed <see cref="JsonObject"/> (the general path); enumerating it throws as it always did on duplicate keys.</summary>
    public static RecordData From(JsonObject data, FieldKeys fields)
    {
        var result = new RecordData(data.Count);
        foreach (var (key, node) in data)
        {
            result.Add(key, fields.IndexOf(key), DataValue.Of(node));
        }

        return result;
    }

    private int IndexOf(string key)
    {
        var entries = _entries;
        for (var i = 0; i < entries.Count; i++)
        {
            if (string.Equals(entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
