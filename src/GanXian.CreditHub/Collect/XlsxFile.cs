using System.Globalization;
using GanXian.CreditHub.Exchange;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace GanXian.CreditHub.Collect;

/// <summary>
/// The first worksheet of an XLSX export, streamed with MiniExcel's <c>Query</c> (rows keyed by column letter). Cell
/// values are turned back into the text an officer sees: whole numbers without ".0", dates as yyyy-MM-dd.
/// </summary>
internal sealed class XlsxFile : ITabularFile
{
    private static readonly OpenXmlConfiguration MergedCellsFilled = new() { FillMergedCells = true };

    private readonly string _name;
    private readonly Stream _stream;
    private readonly IEnumerator<IDictionary<string, object?>> _rows;
    private readonly string[] _letters;
    private IDictionary<string, object?>? _current;
    private long _index;

    // The rows read past the header while looking for it, served before the workbook's next rows.
    private readonly Queue<(long Row, IDictionary<string, object?> Cells)> _pending;

    private XlsxFile(string name, Stream stream, IEnumerator<IDictionary<string, object?>> rows, string[] headers, string[] letters, long index,
        Queue<(long, IDictionary<string, object?>)> pending)
    {
        _name = name;
        _stream = stream;
        _rows = rows;
        Headers = headers;
        _letters = letters;
        _index = index;
        _pending = pending;
    }

    public string Format => "xlsx";

    public IReadOnlyList<string> Headers { get; }

    public long Row { get; private set; } = 1;

    /// <summary>
    /// The first worksheet whose top rows hold a complete header (a workbook may open with an explanation sheet), or
    /// else the first one that is not empty, so that the missing-column message is about the sheet an officer expects.
    /// A workbook with the table on more than one sheet (one per insurance type, per month) is refused whole: reading
    /// the first would archive the file with the others unread, and rows of different sheets share row numbers.
    /// </summary>
    public static XlsxFile Open(string path, HeaderProbe? header = null)
    {
        var name = Path.GetFileName(path);
        try
        {
            List<string> sheets;
            using (var probe = File.OpenRead(path))
            {
                sheets = MiniExcel.GetSheetNames(probe);
            }

            XlsxFile? fallback = null;
            var all = sheets.Count == 0 ? [null] : sheets.Cast<string?>().ToList();
            for (var i = 0; i < all.Count; i++)
            {
                if (OpenSheet(path, name, all[i], header) is not { } file)
                {
                    continue;
                }

                if (header is null || header.IsComplete(file.Headers))
                {
                    fallback?.Dispose();
                    if (header is not null && OtherTables(path, name, all.Skip(i + 1), header) is { Count: > 0 } others)
                    {
                        file.Dispose();
                        throw new SourceFileUnreadableException(name,
                            $"工作簿 {name} 有 {others.Count + 1} 个工作表含完整的表头（{all[i]}、{string.Join("、", others)}）。每个文件只能导入一个工作表，" +
                            "为免漏读其余工作表，整个文件未导入。请把各工作表分别另存为单独的文件，或合并到一个工作表后，再放入收件目录。");
                    }

                    return file;
                }

                if (fallback is null)
                {
                    fallback = file;
                }
                else
                {
                    file.Dispose();
                }
            }

            return fallback ?? throw new SourceFileUnreadableException(name, $"工作簿 {name} 的工作表都是空的，没有表头和数据");
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or System.Xml.XmlException or InvalidOperationException or NotSupportedException)
        {
            throw new SourceFileUnreadableException(name, $"文件 {name} 不是有效的 XLSX 工作簿，无法读取（{ex.Message}）", ex);
        }
    }

    /// <summary>The names of the sheets among <paramref name="sheets"/> whose top rows also hold a complete header.</summary>
    private static List<string> OtherTables(string path, string name, IEnumerable<string?> sheets, HeaderProbe header)
    {
        var found = new List<string>();
        foreach (var sheet in sheets)
        {
            using var file = OpenSheet(path, name, sheet, header);
            if (file is not null && header.IsComplete(file.Headers))
            {
                found.Add(sheet ?? "");
            }
        }

        return found;
    }

    /// <summary>One worksheet positioned after its header (title rows above it skipped), or null when it is empty.</summary>
    private static XlsxFile? OpenSheet(string path, string name, string? sheet, HeaderProbe? header)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            // Merged cells hold their value in the top-left cell only; an officer's sheet merges an employer's name down
            // over its rows, or a header's label over two rows. Each cell of a merged range reads as the range's value.
            var rows = MiniExcel.Query(stream, useHeaderRow: false, sheetName: sheet, excelType: ExcelType.XLSX, configuration: MergedCellsFilled)
                .Select(r => (IDictionary<string, object?>)r).GetEnumerator();
            long index = 0;
            var top = new List<(long Row, IDictionary<string, object?> Cells)>();
            while (top.Count < TabularFiles.HeaderSearchRows && rows.MoveNext())
            {
                index++;
                if (!IsBlank(rows.Current))
                {
                    top.Add((index, new Dictionary<string, object?>(rows.Current)));
                }
            }

            if (top.Count == 0)
            {
                rows.Dispose();
                stream.Dispose();
                return null;
            }

            var (at, headers) = TabularFiles.PickHeader([.. top.Select(t => t.Cells.Values.Select(Text).ToArray())], header);
            // MiniExcel gives every row the sheet's columns, so a header merged from two rows has as many cells.
            var letters = top[at].Cells.Keys.ToArray();
            // Trailing empty header cells are formatting, not columns.
            var count = Math.Min(headers.Length, letters.Length);
            while (count > 0 && TabularFiles.IsBlank(headers[count - 1]))
            {
                count--;
            }

            return new XlsxFile(name, stream, rows, headers[..count], letters[..count], index, new Queue<(long, IDictionary<string, object?>)>(top.Skip(at + 1)));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public ValueTask<bool> ReadAsync(CancellationToken ct)
    {
        if (_pending.TryDequeue(out var next))
        {
            (Row, _current) = next;
            return ValueTask.FromResult(true);
        }

        try
        {
            while (_rows.MoveNext())
            {
                _index++;
                if (!IsBlank(_rows.Current))
                {
                    _current = _rows.Current;
                    Row = _index;
                    return ValueTask.FromResult(true);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Xml.XmlException)
        {
            throw new SourceFileUnreadableException(_name, $"工作簿 {_name} 第 {_index + 1} 行附近内容损坏：{ex.Message}", ex);
        }

        _current = null;
        return ValueTask.FromResult(false);
    }

    private static bool IsBlank(IDictionary<string, object?> row) => !row.Values.Any(v => v is not null && !TabularFiles.IsBlank(Text(v)));

    public string Cell(int column) =>
        _current is not null && column < _letters.Length && _current.TryGetValue(_letters[column], out var v) ? Text(v) : "";

    internal static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        double d when Math.Abs(d) < 1e15 && d == Math.Floor(d) => ((long)d).ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t when t.TimeOfDay == TimeSpan.Zero => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "是" : "否",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public void Dispose()
    {
        _rows.Dispose();
        _stream.Dispose();
    }
}
