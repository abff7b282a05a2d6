using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GanXian.CreditHub.Platform.Contract;

/// <summary>
/// The canonical encoding of a record's <c>data</c> (PLATFORM-API.md §4): keys sorted by ordinal, no whitespace, UTF-8
/// without escaping non-ASCII, numbers in plain decimal notation without exponent or trailing fractional zeros.
/// Both the hub (to skip unchanged records) and the simulator (receipts) hash this form, so this file is linked into
/// the simulator rather than copied.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public static byte[] Encode(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, node);
        }

        return buffer.ToArray();
    }

    public static string ContentHash(JsonNode? data) => Convert.ToHexStringLower(SHA256.HashData(Encode(data)));

    /// <summary>Plain decimal notation: <c>12000.00</c> → <c>12000</c>, <c>0.20</c> → <c>0.2</c>, <c>1E3</c> → <c>1000</c>.</summary>
    public static string FormatNumber(decimal value)
    {
        var s = value.ToString("0.############################", CultureInfo.InvariantCulture);
        return s == "-0" ? "0" : s;
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValue value:
                WriteValue(writer, value);
                break;
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                writer.WriteStringValue(value.GetValue<string>());
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(FormatNumber(ToDecimal(value)), skipInputValidation: true);
                break;
            case JsonValueKind.True:
                writer.WriteBooleanValue(true);
                break;
            case JsonValueKind.False:
                writer.WriteBooleanValue(false);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static decimal ToDecimal(JsonValue value)
    {
        if (value.TryGetValue<decimal>(out var d))
        {
            return d;
        }

        if (value.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (value.TryGetValue<double>(out var f))
        {
            return (decimal)f;
        }

        // A JsonElement-backed number (parsed JSON): parse its raw text, which may carry an exponent.
        return decimal.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
