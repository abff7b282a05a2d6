using System.Text;
using ExcelDataReader;
using ExcelDataReader.Exceptions;
using GanXian.CreditHub.Exchange;

namespace GanXian.CreditHub.Collect;

/// <summary>
/// The worksheet with the table of a legacy Excel workbook (.xls, Office 97–2003, BIFF8: what systems built on Apache
/// POI's HSSF export), read row by row with ExcelDataReader. It reads as an XLSX does: the same header search, merged
/// cells filled from their top-left cell, and cell values turned into text by <see cref="XlsxFile.Text"/> (whole numbers
/// without ".0", date-formatted cells as yyyy-MM-dd). Its <see cref="Format"/> is <c>xlsx</c>, so the workbook mapping
/// reads it (<see cref="TabularFiles.FormatOf"/>).
/// </summary>
internal sealed class XlsFile(string name, IExcelDataReader reader, XlsFile.MergedRanges merges, string[] headers, IEnumerable<(long, object?[])> pending)
    : WorksheetFile<object?[]>(headers, pending)
{
    // BIFF strings and sheet names are decoded with the workbook's code page (ExcelDataReader's fallback is 1252).
    static XlsFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private readonly int _columns = headers.Length;

    /// <summary>The worksheet with the table, or the one named <paramref name="sheet"/> (<see cref="TabularFiles.OpenWorkbookSheet"/>).</summary>
    public static ITabularFile Open(string path, HeaderProbe? header = null, string? sheet = null)
    {
        var name = Path.GetFileName(path);
        return TabularFiles.OpenWorkbookSheet(name, SheetNames(path, name), s => OpenSheet(path, name, s, header), header, sheet);
    }

    /// <summary>The worksheets that each hold the table, when two or more do (<see cref="TabularFiles.TablesAmong"/>).</summary>
    public static IReadOnlyList<string> TableSheets(string path, HeaderProbe header)
    {
        var name = Path.GetFileName(path);
        return TabularFiles.TablesAmong(name, SheetNames(path, name), s => OpenSheet(path, name, s, header), header);
    }

    private static List<string> SheetNames(string path, string name)
    {
        using var reader = CreateReader(path, name);
        return Guarded(name, null, () =>
        {
            var names = new List<string>();
            do
            {
                names.Add(reader.Name);
            }
            while (reader.NextResult());

            return names;
        });
    }

    /// <summary>One worksheet positioned after its header (title rows above it skipped), or null when it is empty.</summary>
    private static XlsFile? OpenSheet(string path, string name, string? sheet, HeaderProbe? header)
    {
        var reader = CreateReader(path, name);
        try
        {
            var top = Guarded(name, null, () =>
            {
                while (sheet is not null && reader.Name != sheet && reader.NextResult())
                {
                }

                var rows = new List<(long Row, object?[] Cells)>();
                var merges = new MergedRanges(reader.MergeCells);
                while (rows.Count < TabularFiles.HeaderSearchRows && reader.Read())
                {
                    var cells = merges.Fill(reader.Depth, Values(reader, new object?[reader.FieldCount]));
                    if (!IsBlank(cells))
                    {
                        rows.Add((reader.Depth + 1L, cells));
                    }
                }

                return (Rows: rows, Merges: merges);
            });

            if (top.Rows.Count == 0)
            {
                reader.Dispose();
                return null;
            }

            var (at, headers) = TabularFiles.PickHeader([.. top.Rows.Select(r => r.Cells.Select(XlsxFile.Text).ToArray())], header);
            return new XlsFile(name, reader, top.Merges, TabularFiles.TrimHeader(headers, int.MaxValue), top.Rows.Skip(at + 1));
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    protected override (long Row, object?[] Cells)? ReadNext() => Guarded<(long, object?[])?>(name, Row + 1, () =>
    {
        while (reader.Read())
        {
            // The served row's array is reused: a row's cells are valid until the next read.
            var buffer = Current is { Length: var n } && n == reader.FieldCount ? Current : new object?[reader.FieldCount];
            var cells = merges.Fill(reader.Depth, Values(reader, buffer));
            if (!IsBlank(cells))
            {
                return (reader.Depth + 1L, cells);
            }
        }

        return null;
    });

    public override string Cell(int column) =>
        Current is not null && column < _columns && column < Current.Length ? XlsxFile.Text(Current[column]) : "";

    public override void Dispose() => reader.Dispose();

    private static object?[] Values(IExcelDataReader reader, object?[] buffer)
    {
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = reader.GetValue(i);
        }

        return buffer;
    }

    private static bool IsBlank(object?[] cells) => Array.TrueForAll(cells, v => v is null || TabularFiles.IsBlank(XlsxFile.Text(v)));

    private static IExcelDataReader CreateReader(string path, string name)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            // CreateReader rather than CreateBinaryReader: a password-protected XLSX is a compound file too, and then
            // says that it is encrypted instead of "not a workbook". Workbooks without a code page of their own
            // (Excel 95 and older) were written in the Chinese ANSI code page.
            return Guarded(name, null, () => ExcelReaderFactory.CreateReader(stream, new ExcelReaderConfiguration { FallbackEncoding = Encoding.GetEncoding(936) }));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs a step of ExcelDataReader and turns what a damaged, encrypted or foreign file makes it throw into a
    /// <see cref="SourceFileUnreadableException"/> with what to do. A parser of binary records throws whatever a damaged
    /// record leads it to (index, cast, end of stream …), so everything but cancellation and out-of-memory counts.
    /// </summary>
    private static T Guarded<T>(string name, long? row, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (Exception ex) when (ex is not (SourceFileUnreadableException or OperationCanceledException or OutOfMemoryException))
        {
            throw new SourceFileUnreadableException(name, ex switch
            {
                InvalidPasswordException =>
                    $"文件 {name} 设置了打开密码（已加密），无法读取：请在 Excel 中输入密码打开，取消“用密码进行加密”后保存，再放入收件目录",
                HeaderException or CompoundDocumentException =>
                    $"文件 {name} 是旧版 Excel（.xls）格式，但文件已损坏或不完整（可能未复制完），无法读取（{ex.Message}）：请从业务系统重新导出后放入收件目录",
                ExcelReaderException when row is null =>
                    $"文件 {name} 是 Office 复合文档，但其中没有可读取的 Excel 工作簿（可能是改了扩展名的 Word 等其他文档，或工作簿已损坏）：" +
                    "请放入业务系统导出的 Excel 工作簿（.xls、.xlsx）或 CSV 文件",
                _ when row is not null => $"工作簿 {name} 第 {row} 行附近内容损坏，无法读取（{ex.Message}）：请从业务系统重新导出后放入收件目录",
                _ => $"文件 {name} 不是有效的旧版 Excel（.xls）工作簿，无法读取（{ex.Message}）：请从业务系统重新导出后放入收件目录",
            }, ex);
        }
    }

    /// <summary>
    /// A sheet's merged ranges: each cell of a range reads as the range's top-left cell (an employer's name merged down
    /// over its rows, "合计" merged across the first columns). Rows come in order, so the top-left value is kept from its
    /// own row for the rows below.
    /// </summary>
    internal sealed class MergedRanges(CellRange[]? ranges)
    {
        private readonly CellRange[] _ranges = ranges ?? [];
        private readonly object?[] _values = new object?[ranges?.Length ?? 0];

        public object?[] Fill(int row, object?[] cells)
        {
            for (var i = 0; i < _ranges.Length; i++)
            {
                var range = _ranges[i];
                if (row < range.FromRow || row > range.ToRow)
                {
                    continue;
                }

                if (row == range.FromRow)
                {
                    _values[i] = range.FromColumn < cells.Length ? cells[range.FromColumn] : null;
                }

                for (var c = range.FromColumn; c <= range.ToColumn && c < cells.Length; c++)
                {
                    cells[c] = _values[i];
                }
            }

            return cells;
        }
    }
}
