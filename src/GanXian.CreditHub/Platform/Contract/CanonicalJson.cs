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
        Encoder = CanonicalJsonEncoder.Instance,
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

    /// <summary>
    /// <see cref="FormatNumber(decimal)"/> into UTF-8 without a string (plain notation, no trailing fractional zeros, no
    /// "-0"); returns the length. The hub's collection and the simulator both hash records with it.
    /// </summary>
    public static int FormatNumber(decimal value, Span<byte> destination)
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
