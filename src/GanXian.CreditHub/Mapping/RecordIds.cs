using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace GanXian.CreditHub.Mapping;

/// <summary>
/// The stable recordId of PLATFORM-API.md §4: <c>{catalog}-</c> + base32 (RFC 4648, no padding) of the SHA-256 of the
/// normalised business key. Opaque on purpose: a credit code or ID number never appears in a URL this way.
/// </summary>
public static class RecordIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>The id, or null when a key field is missing.</summary>
    public static string? For(string catalog, IReadOnlyList<string> keyFields, JsonObject data)
    {
        var key = new StringBuilder(64);
        key.Append(catalog);
        foreach (var field in keyFields)
        {
            var text = FieldValues.Text(data[field])?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            // U+001F cannot occur in a field, so ("ab","c") and ("a","bc") differ.
            key.Append('\u001F').Append(text.ToUpperInvariant());
        }

        return FromKey(catalog, key.ToString());
    }

    private static string FromKey(string catalog, string key)
    {
        Span<byte> utf8 = key.Length <= 256 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(key.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(key.Length)];
        var n = Encoding.UTF8.GetBytes(key, utf8);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(utf8[..n], hash);
        return string.Create(catalog.Length + 1 + 52, (catalog, hash.ToArray()), static (span, state) =>
        {
            state.catalog.AsSpan().CopyTo(span);
            span[state.catalog.Length] = '-';
            var o = state.catalog.Length + 1;
            int buffer = 0, bits = 0;
            foreach (var b in state.Item2)
            {
                buffer = (buffer << 8) | b;
                bits += 8;
                while (bits >= 5)
                {
                    span[o++] = Alphabet[(buffer >> (bits - 5)) & 31];
                    bits -= 5;
                }
            }

            if (bits > 0)
            {
                span[o] = Alphabet[(buffer << (5 - bits)) & 31];
            }
        });
    }
}
