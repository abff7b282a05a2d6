using GanXian.CreditHub.Exchange;

namespace GanXian.CreditHub.Collect;

/// <summary>A source file read as rows of text cells, one row at a time (never the whole file in memory).</summary>
public interface ITabularFile : IDisposable
{
    /// <summary>
    /// <c>csv</c> or <c>xlsx</c>, as the content showed (<see cref="TabularFiles.FormatOf"/>); a legacy .xls workbook is
    /// <c>xlsx</c> too, so that the workbook mapping reads it.
    /// </summary>
    string Format { get; }

    /// <summary>The header cells as they appear in the file.</summary>
    IReadOnlyList<string> Headers { get; }

    /// <summary>Advances to the next row; blank rows (trailing or in between) are skipped.</summary>
    ValueTask<bool> ReadAsync(CancellationToken ct);

    /// <summary>The current row's number as a spreadsheet or text editor shows it (title rows above the header count).</summary>
    long Row { get; }

    /// <summary>The text of cell <paramref name="column"/> of the current row, "" when the row is shorter.</summary>
    string Cell(int column);

    /// <summary>The text of cell <paramref name="column"/> without a string of its own; valid until the next <see cref="ReadAsync"/>.</summary>
    ReadOnlySpan<char> CellSpan(int column) => Cell(column);
}

/// <summary>
/// Recognises a header row: <see cref="Missing"/> names the required columns a row lacks ("a/b" for a column with
/// alternative names), <see cref="Score"/> counts those it has, and a row with <see cref="Complete"/> of them is the
/// header. <see cref="MappingFile"/> is the mapping that expects them, for messages.
/// </summary>
public sealed record HeaderProbe(Func<IReadOnlyList<string>, IReadOnlyList<string>> Missing, int Complete, string MappingFile)
{
    public int Score(IReadOnlyList<string> row) => Complete - Missing(row).Count;

    public bool IsComplete(IReadOnlyList<string> row) => Score(row) >= Complete;

    /// <summary>
    /// A header that lacks a required column or two but has the rest (at least three): the table with a column missing
    /// or misspelt, not an explanation or summary sheet. A summary sheet shares a few names at most (险种, 参保人数 and
    /// the three amounts are five of SHBX_JFXX's ten), so "half of them" would take it for a table.
    /// </summary>
    public bool IsNearlyComplete(IReadOnlyList<string> row) => Score(row) is var score && score < Complete && score >= Math.Max(3, Complete - 2);
}

public static class TabularFiles
{
    /// <summary>How many non-blank rows at the top of a file are looked at for the header.</summary>
    internal const int HeaderSearchRows = 12;

    /// <summary>
    /// Opens <paramref name="path"/> as a workbook (XLSX, or a legacy .xls) or as delimited text (<see cref="FormatOf"/>).
    /// The header is the first of the top non-blank rows that <paramref name="header"/> recognises as complete (or else
    /// the one that comes closest), so the title, unit and date lines that exports put above the table are skipped.
    /// </summary>
    /// <remarks><paramref name="sheet"/> names the worksheet to read, one of <see cref="TableSheets"/>.</remarks>
    public static ITabularFile Open(string path, string? declaredEncoding, HeaderProbe? header = null, string? sheet = null)
    {
        var name = Path.GetFileName(path);
        return ContainerOf(path) switch
        {
            Container.Zip => XlsxFile.Open(path, header, sheet),
            Container.Compound => XlsFile.Open(path, header, sheet),
            _ when sheet is not null => throw new SourceFileUnreadableException(name, $"文件 {name} 不是 Excel 工作簿，没有工作表“{sheet}”"),
            _ => CsvFile.Open(path, declaredEncoding, header),
        };
    }

    /// <summary>
    /// The worksheets of a workbook that each hold the table (a complete header in their top rows), when two or more do:
    /// exports split by insurance type or by month. Each is then read on its own (<see cref="Open"/> with its name) and
    /// imported as a part of the file, with its own row numbers. Empty for delimited text and for a workbook with one
    /// table, which <see cref="Open"/> finds by itself.
    /// </summary>
    public static IReadOnlyList<string> TableSheets(string path, HeaderProbe header) => ContainerOf(path) switch
    {
        Container.Zip => XlsxFile.TableSheets(path, header),
        Container.Compound => XlsFile.TableSheets(path, header),
        _ => [],
    };

    /// <summary>
    /// <c>xlsx</c> or <c>csv</c>, by content rather than by name: systems export workbooks as ".xls" that are XLSX
    /// inside, and an XLSX renamed ".csv" would otherwise be decoded as text. <c>xlsx</c> is the format of every Excel
    /// workbook, a legacy .xls (Office 97–2003, BIFF8) included: it has the same columns as the XLSX export, so the same
    /// mapping reads it (a mapping's <c>formats</c> names what the columns look like, not the file's container). A web page
    /// or XML table under an .xls name is unreadable (with what to do instead).
    /// </summary>
    public static string FormatOf(string path) => ContainerOf(path) == Container.Text ? "csv" : "xlsx";

    /// <summary>How a format reads in a message to an officer.</summary>
    public static string Describe(string format) => format switch
    {
        "xlsx" => "Excel 工作簿（.xlsx/.xls）",
        "csv" => "CSV 文本",
        _ => format,
    };

    private enum Container { Text, Zip, Compound }

    /// <summary>A ZIP package (XLSX), an OLE2 compound file (legacy .xls, also an encrypted XLSX) or text, by the first bytes; a missing file is unreadable.</summary>
    private static Container ContainerOf(string path)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw new SourceFileUnreadableException(name, $"文件 {name} 不存在");
        }

        Span<byte> magic = stackalloc byte[512];
        int read;
        using (var probe = File.OpenRead(path))
        {
            read = probe.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        }

        magic = magic[..read];
        if (IsMarkup(magic))
        {
            // Some systems "export to Excel" as a web page or Excel 2003 XML under an .xls name.
            throw new SourceFileUnreadableException(name,
                $"文件 {name} 是网页（HTML）或 XML 格式的表格，不是 CSV 或 Excel 工作簿：请用 Excel 打开后“另存为” Excel 工作簿（.xlsx）或 CSV（UTF-8），再放入收件目录");
        }

        if (magic.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return Container.Compound;
        }

        var isZip = magic.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]);
        return isZip || Path.GetExtension(path).Equals(".xlsx", StringComparison.OrdinalIgnoreCase) ? Container.Zip : Container.Text;
    }

    /// <summary>
    /// The worksheet <paramref name="only"/> when it is given (one of <see cref="TableSheets"/>); otherwise the worksheet
    /// among <paramref name="sheets"/> whose top rows hold a complete header (a workbook may open with an explanation
    /// sheet), or else the one that comes closest (the first non-empty one at a tie), so that the missing-column message
    /// is about the sheet an officer expects. Without <paramref name="only"/>, a workbook with the table on more than one
    /// sheet is refused whole: reading the first would leave the others unread (the importer asks for
    /// <see cref="TableSheets"/> first and reads each); so is one with a sheet that nearly holds the table
    /// (<see cref="Scan"/>). <paramref name="openSheet"/> opens one sheet positioned after its header, or gives null when
    /// the sheet is empty; a null sheet name stands for a workbook that lists none.
    /// </summary>
    internal static ITabularFile OpenWorkbookSheet(string name, IReadOnlyList<string> sheets, Func<string?, ITabularFile?> openSheet, HeaderProbe? header, string? only = null)
    {
        if (only is not null)
        {
            if (!sheets.Contains(only))
            {
                throw new SourceFileUnreadableException(name, $"工作簿 {name} 没有名为“{only}”的工作表（可能在读取期间被替换）");
            }

            return openSheet(only) ?? throw new SourceFileUnreadableException(name, $"工作簿 {name} 的工作表“{only}”是空的");
        }

        var empty = new SourceFileUnreadableException(name, $"工作簿 {name} 的工作表都是空的，没有表头和数据");
        if (sheets.Count <= 1 || header is null)
        {
            // One sheet is read as it is (opening a sheet is a pass over it); without a header to look for, the first that is not empty.
            return sheets.Count == 0 ? openSheet(null) ?? throw empty : sheets.Select(openSheet).FirstOrDefault(f => f is not null) ?? throw empty;
        }

        var scanned = Scan(name, sheets, openSheet, header);
        var tables = scanned.Where(s => s.Score >= header.Complete).Select(s => s.Sheet).ToList();
        if (tables.Count > 1)
        {
            throw new SourceFileUnreadableException(name,
                $"工作簿 {name} 有 {tables.Count} 个工作表含完整的表头（{string.Join("、", tables)}），须逐个工作表读取；整个文件未导入。");
        }

        var best = scanned.Count == 0 ? null : scanned.MaxBy(s => s.Score).Sheet;
        return best is null ? throw empty : openSheet(best) ?? throw empty;
    }

    /// <summary>The names of the sheets among <paramref name="sheets"/> whose top rows hold a complete header, when two or more do; else empty.</summary>
    /// <remarks>A workbook of one sheet is not opened at all: opening a sheet reads its merged cells, a pass over the whole sheet.</remarks>
    internal static IReadOnlyList<string> TablesAmong(string name, IReadOnlyList<string> sheets, Func<string?, ITabularFile?> openSheet, HeaderProbe header) =>
        sheets.Count > 1 && Scan(name, sheets, openSheet, header).Where(s => s.Score >= header.Complete).Select(s => s.Sheet).ToList() is { Count: > 1 } tables
            ? tables
            : [];

    /// <summary>
    /// Each sheet that is not empty, with how many required columns its header names. A sheet whose header is nearly
    /// complete (<see cref="HeaderProbe.IsNearlyComplete"/>) refuses the workbook: passing it over as an explanation or
    /// summary sheet would drop its rows without a word, so the officer is told which columns it lacks.
    /// </summary>
    private static List<(string Sheet, int Score)> Scan(string name, IEnumerable<string> sheets, Func<string?, ITabularFile?> openSheet, HeaderProbe header)
    {
        var found = new List<(string, int)>();
        var near = new List<string>();
        foreach (var sheet in sheets)
        {
            using var file = openSheet(sheet);
            if (file is null)
            {
                continue;
            }

            if (header.IsNearlyComplete(file.Headers))
            {
                near.Add($"工作表“{sheet}”缺少必需的列：{string.Join("、", header.Missing(file.Headers))}（该工作表的列：{string.Join("、", file.Headers.Select(h => h.Trim()))}）");
            }

            found.Add((sheet, header.Score(file.Headers)));
        }

        return near.Count == 0 ? found : throw new SourceFileUnreadableException(name,
            $"工作簿 {name} 的{string.Join("；", near)}。{(near.Count == 1 ? "该工作表" : "这些工作表")}含有映射文件 {header.MappingFile} 的大部分必需列，" +
            "应是数据表，不能当作说明或汇总工作表跳过：请补齐或更正列名后重新放入收件目录（若不是数据表，请删除该工作表）；整个文件未导入。");
    }

    /// <summary>
    /// The header cells of the top rows' header (<see cref="PickHeader"/>) without the trailing blank ones, which are
    /// formatting, not columns; at most <paramref name="width"/> of them.
    /// </summary>
    internal static string[] TrimHeader(string[] headers, int width)
    {
        var count = Math.Min(headers.Length, width);
        while (count > 0 && IsBlank(headers[count - 1]))
        {
            count--;
        }

        return headers[..count];
    }

    /// <summary>A file that starts (after a BOM and blanks) with an HTML or XML tag.</summary>
    private static bool IsMarkup(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            head = head[3..];
        }

        head = head.TrimStart((ReadOnlySpan<byte>)[(byte)' ', (byte)'\t', (byte)'\r', (byte)'\n']);
        if (head.Length == 0 || head[0] != (byte)'<')
        {
            return false;
        }

        var text = System.Text.Encoding.ASCII.GetString(head).ToLowerInvariant();
        return text.StartsWith("<?xml", StringComparison.Ordinal) || text.StartsWith("<!doctype html", StringComparison.Ordinal)
            || text.Contains("<html", StringComparison.Ordinal) || text.Contains("<table", StringComparison.Ordinal);
    }

    /// <summary>
    /// Whether a file in an inbox is an export to read: not hidden, not a spreadsheet's lock file ("~$…") or a file
    /// still being copied (.tmp, .part, …), and not one of the hub's own outcome notes.
    /// </summary>
    public static bool IsInboxCandidate(string fileName) =>
        !fileName.StartsWith('.') && !fileName.StartsWith("~$", StringComparison.Ordinal)
        && !fileName.EndsWith(".处理结果.txt", StringComparison.Ordinal) && !fileName.EndsWith(".错误说明.txt", StringComparison.Ordinal)
        && !TransferSuffixes.Any(s => fileName.EndsWith(s, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] TransferSuffixes = [".tmp", ".temp", ".part", ".partial", ".crdownload", ".filepart", ".swp", ".lock", ".bak"];

    /// <summary>
    /// The header among <paramref name="rows"/> (the top non-blank rows): the index of its (last) row, and its cells.
    /// The first row that names every required column is the header. Failing that, two rows in a row may form it:
    /// exports of the business systems often have a two-level header ("缴费金额（元）" above "应缴金额 | 实缴金额 | 欠缴金额",
    /// "单位名称" merged down over both rows), whose lower row has the names and whose upper row fills its blanks. Failing
    /// both, the row that names the most required columns, so that the missing-column message is about the real header.
    /// </summary>
    internal static (int At, string[] Cells) PickHeader(IReadOnlyList<string[]> rows, HeaderProbe? probe)
    {
        if (probe is null)
        {
            return (0, rows[0]);
        }

        var (best, bestScore) = (0, 0);
        for (var i = 0; i < rows.Count; i++)
        {
            var score = probe.Score(rows[i]);
            if (score >= probe.Complete)
            {
                return (i, rows[i]);
            }

            if (i > 0 && MergeHeaderRows(rows[i - 1], rows[i]) is var merged && probe.IsComplete(merged))
            {
                return (i, merged);
            }

            if (score > bestScore)
            {
                (best, bestScore) = (i, score);
            }
        }

        return (best, rows[best]);
    }

    /// <summary>The lower row's cell where it has one, else the upper row's (a cell merged down, or a group label).</summary>
    internal static string[] MergeHeaderRows(string[] upper, string[] lower)
    {
        var merged = new string[Math.Max(upper.Length, lower.Length)];
        for (var i = 0; i < merged.Length; i++)
        {
            var below = i < lower.Length ? lower[i] : "";
            merged[i] = IsBlank(below) && i < upper.Length ? upper[i] : below;
        }

        return merged;
    }

    internal static bool IsBlank(string s)
    {
        foreach (var c in s)
        {
            if (!char.IsWhiteSpace(c) && c != '\uFEFF')
            {
                return false;
            }
        }

        return true;
    }
}
