using System.Text;
using System.Text.Encodings.Web;

namespace GanXian.CreditHub.Platform.Contract;

/// <summary>
/// The string escaping of the canonical form (PLATFORM-API.md §4, "UTF-8 without escaping non-ASCII"): only what JSON
/// requires, <c>"</c>, <c>\</c> and the C0 controls (as <c>\n</c>, <c>\"</c>, <c>\u0001</c>, the forms
/// <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/> gives them). A lone surrogate, which has no UTF-8 form, is
/// replaced with U+FFFD by the writer before it gets here.
/// The built-in encoders also escape every character outside the BMP (𠮷, CJK Extension B and later, in names of
/// people and villages), U+00A0 and the C1 controls, U+2028/2029 and the code points unassigned in their Unicode
/// tables: a platform that hashes the contract's form gets another contentHash for such records.
/// </summary>
public sealed class CanonicalJsonEncoder : JavaScriptEncoder
{
    public static readonly CanonicalJsonEncoder Instance = new();

    private CanonicalJsonEncoder()
    {
    }

    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar < 0x20 || unicodeScalar == '"' || unicodeScalar == '\\' || unicodeScalar is >= 0xD800 and <= 0xDFFF;

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        // Bytes of a multi-byte sequence are all ≥ 0x80, so only ASCII bytes can need escaping.
        for (var i = 0; i < utf8Text.Length; i++)
        {
            var b = utf8Text[i];
            if (b < 0x20 || b == '"' || b == '\\')
            {
                return i;
            }
        }

        return -1;
    }

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        for (var i = 0; i < textLength; i++)
        {
            var c = text[i];
            if (c < 0x20 || c == '"' || c == '\\')
            {
                return i;
            }

            if (char.IsHighSurrogate(c) && i + 1 < textLength && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        ReadOnlySpan<char> escape = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\b' => "\\b",
            '\t' => "\\t",
            '\n' => "\\n",
            '\f' => "\\f",
            '\r' => "\\r",
            _ => default,
        };
        var output = new Span<char>(buffer, bufferLength);
        if (!escape.IsEmpty)
        {
            return Copy(escape, output, out numberOfCharactersWritten);
        }

        if (WillEncode(unicodeScalar))
        {
            Span<char> hex = stackalloc char[6];
            "\\u".CopyTo(hex);
            ((ushort)unicodeScalar).TryFormat(hex[2..], out _, "X4");
            return Copy(hex, output, out numberOfCharactersWritten);
        }

        return new Rune(unicodeScalar).TryEncodeToUtf16(output, out numberOfCharactersWritten);
    }

    private static bool Copy(ReadOnlySpan<char> text, Span<char> output, out int written)
    {
        written = text.TryCopyTo(output) ? text.Length : 0;
        return written > 0;
    }
}
