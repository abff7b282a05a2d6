using System.Text;

namespace GanXian.CreditHub.Collect;

/// <summary>
/// Chooses the text encoding of an export. Detection: a byte-order mark wins; otherwise a prefix that is valid UTF-8 is
/// UTF-8; otherwise GB18030 (a superset of GBK and GB2312). Every decoder is strict, so a file in another encoding
/// than the one declared or detected fails with a clear message instead of producing mojibake.
/// </summary>
public static class TextEncodings
{
    /// <summary>How much of a file is checked before the first record is read.</summary>
    public const int PrefixLength = 64 * 1024;

    static TextEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Encoding StrictGb18030 => Strict("GB18030")!;

    /// <summary>A strict decoder for a declared name (<c>utf-8</c>, <c>gbk</c>, <c>gb18030</c>, <c>gb2312</c>, …), or null when the name is unknown.</summary>
    public static Encoding? Strict(string name)
    {
        var normalized = name.Trim().ToLowerInvariant();
        if (normalized is "utf-8" or "utf8" or "utf-8-bom")
        {
            return StrictUtf8;
        }

        try
        {
            // GBK files are read as GB18030: it decodes every GBK byte sequence identically and is its strict superset.
            var codeName = normalized is "gbk" or "cp936" or "gb2312" ? "GB18030" : normalized;
            return Encoding.GetEncoding(codeName, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The same encoding with replacement instead of exceptions: for looking at a prefix that may end inside a character.</summary>
    public static Encoding Lenient(Encoding encoding) =>
        Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);

    /// <summary>True when <paramref name="name"/> is empty or <c>auto</c>: the encoding is detected per file.</summary>
    public static bool IsAuto(string? name) => string.IsNullOrWhiteSpace(name) || name.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase);

    /// <summary>The encoding of the byte-order mark at the start of <paramref name="prefix"/> and its length, if any.</summary>
    public static (Encoding Encoding, int Length)? FromByteOrderMark(ReadOnlySpan<byte> prefix)
    {
        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (StrictUtf8, 3);
        }

        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), 2);
        }

        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), 2);
        }

        return null;
    }

    /// <summary>Detects the encoding of a file from its first bytes (without the BOM; <paramref name="isWholeFile"/> when the prefix is the whole file).</summary>
    public static Encoding Detect(ReadOnlySpan<byte> prefix, bool isWholeFile) =>
        IsUtf8(prefix, isWholeFile) ? StrictUtf8 : StrictGb18030;

    /// <summary>
    /// True when <paramref name="prefix"/> decodes strictly as <paramref name="encoding"/>; a multi-byte character cut
    /// off at the end of a prefix that is not the whole file is not held against it.
    /// </summary>
    public static bool Decodes(Encoding encoding, ReadOnlySpan<byte> prefix, bool isWholeFile)
    {
        var decoder = encoding.GetDecoder();
        var chars = new char[Math.Max(16, encoding.GetMaxCharCount(Math.Min(prefix.Length, 4096)))];
        try
        {
            while (prefix.Length > 0)
            {
                var take = Math.Min(prefix.Length, 4096);
                var last = take == prefix.Length && isWholeFile;
                decoder.Convert(prefix[..take], chars, flush: last, out var used, out _, out _);
                prefix = prefix[used..];
                if (used == 0)
                {
                    break;
                }
            }

            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static bool IsUtf8(ReadOnlySpan<byte> prefix, bool isWholeFile)
    {
        if (System.Text.Unicode.Utf8.IsValid(prefix))
        {
            return true;
        }

        if (isWholeFile)
        {
            return false;
        }

        // The prefix may end inside a character: drop up to three trailing bytes of an incomplete sequence.
        for (var cut = 1; cut <= 3 && cut < prefix.Length; cut++)
        {
            if (System.Text.Unicode.Utf8.IsValid(prefix[..^cut]))
            {
                return true;
            }
        }

        return false;
    }

    public static string DisplayName(Encoding encoding) => encoding switch
    {
        UTF8Encoding => "UTF-8",
        UnicodeEncoding => "UTF-16",
        _ => encoding.WebName.ToUpperInvariant(),
    };
}
