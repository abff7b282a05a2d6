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
        var key = new KeyText(catalog, stackalloc char[256]);
        foreach (var field in keyFields)
        {
            if (!key.Append(FieldValues.Text(data[field])))
            {
                return null;
            }
        }

        return key.Id();
    }

    /// <summary>The same id from mapped fields.</summary>
    public static string? For(string catalog, IReadOnlyList<FieldKey> keyFields, RecordFields data)
    {
        var key = new KeyText(catalog, stackalloc char[256]);
        foreach (var field in keyFields)
        {
            if (!key.Append(data[field].Text))
            {
                return null;
            }
        }

        return key.Id();
    }

    /// <summary>The normalised business key: the catalogue, then each field trimmed and upper-cased after U+001F.</summary>
    private ref struct KeyText
    {
        private readonly string _catalog;
        private Span<char> _key;
        private int _length;

        public KeyText(string catalog, Span<char> buffer)
        {
            _catalog = catalog;
            _key = buffer.Length >= catalog.Length ? buffer : new char[catalog.Length * 2];
            catalog.AsSpan().CopyTo(_key);
            _length = catalog.Length;
        }

        public bool Append(string? value)
        {
            var text = value.AsSpan().Trim();
            if (text.IsEmpty)
            {
                return false;
            }

            if (_length + 1 + text.Length > _key.Length)
            {
                var larger = new char[(_length + 1 + text.Length) * 2];
                _key[.._length].CopyTo(larger);
                _key = larger;
            }

            // U+001F cannot occur in a field, so ("ab","c") and ("a","bc") differ.
            _key[_length++] = '\u001F';
            _length += text.ToUpperInvariant(_key[_length..]);
            return true;
        }

        public readonly string Id()
        {
            var max = Encoding.UTF8.GetMaxByteCount(_length);
            Span<byte> utf8 = max <= 1024 ? stackalloc byte[max] : new byte[max];
            var n = Encoding.UTF8.GetBytes(_key[.._length], utf8);
            Span<byte> hash = stackalloc byte[32];
            Sha256.Hash(utf8[..n], hash);
            return Encode(_catalog, hash);
        }
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
