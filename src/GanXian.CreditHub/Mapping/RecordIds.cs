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
        Span<char> key = stackalloc char[256];
        var length = 0;
        catalog.AsSpan().CopyTo(key);
        length += catalog.Length;
        foreach (var field in keyFields)
        {
            var text = FieldValues.Text(data[field]).AsSpan().Trim();
            if (text.IsEmpty)
            {
                return null;
            }

            if (length + 1 + text.Length > key.Length)
            {
                var larger = new char[(length + 1 + text.Length) * 2];
                key[..length].CopyTo(larger);
                key = larger;
            }

            // U+001F cannot occur in a field, so ("ab","c") and ("a","bc") differ.
            key[length++] = '\u001F';
            length += text.ToUpperInvariant(key[length..]);
        }

        var max = Encoding.UTF8.GetMaxByteCount(length);
        Span<byte> utf8 = max <= 1024 ? stackalloc byte[max] : new byte[max];
        var n = Encoding.UTF8.GetBytes(key[..length], utf8);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(utf8[..n], hash);
        return Encode(catalog, hash);
    }

    private static string Encode(string catalog, ReadOnlySpan<byte> hash)
    {
        Span<char> chars = stackalloc char[catalog.Length + 1 + 52];
        catalog.AsSpan().CopyTo(chars);
        chars[catalog.Length] = '-';
        var o = catalog.Length + 1;
        int buffer = 0, bits = 0;
        foreach (var b in hash)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                chars[o++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            chars[o] = Alphabet[(buffer << (5 - bits)) & 31];
        }

        return new string(chars);
    }
}
