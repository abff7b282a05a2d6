using System.Globalization;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Validation.Identifiers;

namespace GanXian.CreditHub.Mapping;

/// <summary>Text after the transforms → the JSON value the platform expects for the field type (PLATFORM-API.md §3).</summary>
public static class FieldValues
{
    public static bool ToJson(CatalogFieldSpec spec, string text, out JsonNode node, out TransformFailure failure)
    {
        node = null!;
        if (!ToValue(spec, text, out var value, out failure))
        {
            return false;
        }

        node = value.TryGetString(out var s) ? JsonValue.Create(s)
            : spec.Type == FieldTypes.Integer ? JsonValue.Create((long)Number(value))
            : JsonValue.Create(Number(value));
        return true;
    }

    /// <summary>The typed value of <paramref name="text"/>, as <see cref="ToJson"/> would make it, without a JSON node.</summary>
    public static bool ToValue(CatalogFieldSpec spec, string text, out FieldValue value, out TransformFailure failure)
    {
        failure = default;
        value = default;
        switch (spec.Type)
        {
            case FieldTypes.Integer:
                if (Transforms.TryParseNumber(text, out var n) && n == decimal.Truncate(n) && n is >= long.MinValue and <= long.MaxValue)
                {
                    // As a long: scale 0, whatever the text's ("12.0" is 12).
                    value = FieldValue.OfNumber((long)n);
                    return true;
                }

                failure = new TransformFailure("INVALID_INTEGER", $"“{text}”不是整数");
                return false;
            case FieldTypes.Decimal:
                if (Transforms.TryParseNumber(text, out var d))
                {
                    value = FieldValue.OfNumber(d);
                    return true;
                }

                failure = new TransformFailure("INVALID_DECIMAL", $"“{text}”不是有效的金额或数值");
                return false;
            case FieldTypes.Uscc:
                value = FieldValue.OfString(text.ToUpperInvariant());
                return true;
            case FieldTypes.IdCard:
                value = FieldValue.OfString(CitizenIdNumber.Normalize(text) ?? text.Trim().ToUpperInvariant());
                return true;
            default:
                value = FieldValue.OfString(text);
                return true;
        }
    }

    private static decimal Number(FieldValue v) => v.TryGetNumber(out var d) ? d : 0;

    /// <summary>A JSON number as decimal, whatever CLR type the node was built from (long, int, decimal, double, or parsed JSON).</summary>
    public static bool TryGetNumber(JsonNode? node, out decimal value)
    {
        value = 0;
        if (node is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.Number)
        {
            return false;
        }

        if (v.TryGetValue(out value))
        {
            return true;
        }

        if (v.TryGetValue<long>(out var l))
        {
            value = l;
            return true;
        }

        if (v.TryGetValue<int>(out var i))
        {
            value = i;
            return true;
        }

        if (v.TryGetValue<double>(out var d) && double.IsFinite(d))
        {
            value = (decimal)d;
            return true;
        }

        return false;
    }

    /// <summary>The text of a data value for keys and comparisons: strings as they are, numbers in invariant form.</summary>
    public static string? Text(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue when TryGetNumber(node, out var d) => d.ToString(CultureInfo.InvariantCulture),
        null => null,
        _ => node.ToJsonString(),
    };
}
