using System.Text;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Hosting;

namespace GanXian.CreditHub.Mapping;

/// <summary>
/// The stable recordId of PLATFORM-API.md §4: <c>{catalog}-</c> + base32 (RFC 4648, no padding) of the SHA-256 of the
/// normalised business key. Opaque on purpose: a credit code or ID number never appears in a URL this way.
/// </summary>
public static class RecordIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>The catalogue a recordId belongs to (its prefix; catalogue codes have no hyphen), or null.</summary>
    public static string? CatalogOf(string recordId) => recordId.IndexOf('-') is > 0 and var dash ? recordId[..dash] : null;

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

    private static string Encode(string catalog, ReadOnlySpan<byte> hash) =>
        string.Create(catalog.Length + 1 + 52, (catalog, Hash: new Digest(hash)), static (chars, state) =>
        {
            state.catalog.AsSpan().CopyTo(chars);
            chars[state.catalog.Length] = '-';
            var o = state.catalog.Length + 1;
            ReadOnlySpan<byte> bytes = state.Hash;
            // Five bytes are eight characters; 32 bytes are six such groups and two bytes (four characters, the last padded).
            for (var i = 0; i + 5 <= bytes.Length; i += 5)
            {
                var group = ((ulong)bytes[i] << 32) | ((ulong)bytes[i + 1] << 24) | ((ulong)bytes[i + 2] << 16) | ((ulong)bytes[i + 3] << 8) | bytes[i + 4];
                for (var shift = 35; shift >= 0; shift -= 5)
                {
                    chars[o++] = Alphabet[(int)((group >> shift) & 31)];
                }
            }

            var tail = ((ulong)bytes[30] << 8) | bytes[31];
            tail <<= 4; // 16 bits padded to 20
            for (var shift = 15; shift >= 0; shift -= 5)
            {
                chars[o++] = Alphabet[(int)((tail >> shift) & 31)];
            }
        });

    /// <summary>The 32 bytes of a SHA-256 by value, to hand to <see cref="string.Create{TState}"/>.</summary>
    [System.Runtime.CompilerServices.InlineArray(32)]
    private struct Digest
    {
        private byte _first;

        public Digest(ReadOnlySpan<byte> hash) => hash.CopyTo(this);
    }
}
