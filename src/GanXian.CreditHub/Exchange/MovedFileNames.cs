using System.Globalization;
using System.Text;

namespace GanXian.CreditHub.Exchange;

/// <summary>
/// The name a processed inbox file gets in its source's archive or rejected folder. File systems take at most 255
/// bytes of UTF-8 per name (ext4, XFS; a Chinese character takes 3), and the note beside the file adds
/// ".处理结果.txt" or ".错误说明.txt" (17 bytes) to it, a name already taken ".1", ".2", …: a source system's export
/// named near the limit could be neither noted nor moved, and since its hash was already recorded every later run
/// failed on it again, so it stayed in the inbox for good. Such a name loses the end of its stem, at a character
/// boundary, marked with "…"; the extension stays, so the file still opens with its program.
/// </summary>
internal static class MovedFileNames
{
    public const int MaxNameBytes = 255;

    public const string ArchivedNote = ".处理结果.txt";

    public const string RejectedNote = ".错误说明.txt";

    private const string Cut = "…";

    /// <summary>Longer than this, what follows the last dot is no extension but part of the name (a title with a dot in it).</summary>
    private const int MaxExtensionBytes = 16;

    /// <summary>
    /// The <paramref name="attempt"/>th name to try for <paramref name="name"/> (0: the name itself; n: ".n" before the
    /// extension), shortened when needed so that it and its note (<paramref name="note"/> appended) fit in 255 bytes.
    /// </summary>
    public static (string Name, bool Shortened) Candidate(string name, int attempt, string note)
    {
        var ext = Path.GetExtension(name);
        if (Bytes(ext) > MaxExtensionBytes)
        {
            ext = "";
        }

        var stem = name[..^ext.Length];
        var tail = (attempt == 0 ? "" : $".{attempt.ToString(CultureInfo.InvariantCulture)}") + ext;
        var room = MaxNameBytes - Bytes(note) - Bytes(tail);
        return Bytes(stem) <= room ? (stem + tail, false) : (Prefix(stem, room - Bytes(Cut)) + Cut + tail, true);
    }

    /// <summary>The longest start of <paramref name="text"/> of whole characters (text elements: a surrogate pair or a letter with its accents stays whole) within <paramref name="maxBytes"/>.</summary>
    private static string Prefix(string text, int maxBytes)
    {
        var (length, bytes) = (0, 0);
        while (length < text.Length)
        {
            var next = StringInfo.GetNextTextElementLength(text, length);
            var size = Encoding.UTF8.GetByteCount(text.AsSpan(length, next));
            if (bytes + size > maxBytes)
            {
                break;
            }

            (length, bytes) = (length + next, bytes + size);
        }

        return text[..length];
    }

    private static int Bytes(string text) => Encoding.UTF8.GetByteCount(text);
}
