using System.Globalization;
using GanXian.CreditHub.Exchange;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace GanXian.CreditHub.Collect;

/// <summary>
/// The worksheet with the table of an XLSX export, streamed with MiniExcel's <c>Query</c> (rows keyed by column letter). Cell
/// values are turned back into the text an officer sees: numbers to Excel's 15 significant digits (whole ones without ".0"),
/// dates as yyyy-MM-dd.
/// </summary>
internal sealed class XlsxFile(string name, Stream stream, IEnumerator<IDictionary<string, object?>> rows, string[] headers, string[] letters, long index,
    IEnumerable<(long, IDictionary<string, object?>)> pending) : WorksheetFile<IDictionary<string, object?>>(headers, pending)
{
    private static readonly OpenXmlConfiguration MergedCellsFilled = new() { FillMergedCells = true };

    /// <summary>The worksheet with the table, or the one named <paramref name="sheet"/> (<see cref="TabularFiles.OpenWorkbookSheet"/>).</summary>
    public static ITabularFile Open(string path, HeaderProbe? header = null, string? sheet = null)
    {
        var name = Path.GetFileName(path);
        return Guarded(name, () => TabularFiles.OpenWorkbookSheet(name, SheetNames(path), s => OpenSheet(path, name, s, header), header, sheet));
    }

    /// <summary>The worksheets that each hold the table, when two or more do (<see cref="TabularFiles.TablesAmong"/>).</summary>
    public static IReadOnlyList<string> TableSheets(string path, HeaderProbe header)
    {
        var name = Path.GetFileName(path);
        return Guarded(name, () => TabularFiles.TablesAmong(name, SheetNames(path), s => OpenSheet(path, name, s, header), header));
    }

    private static List<string> SheetNames(string path)
    {
        using var probe = File.OpenRead(path);
        return MiniExcel.GetSheetNames(probe);
    }

    private static T Guarded<T>(string name, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or System.Xml.XmlException or InvalidOperationException or NotSupportedException)
        {
            throw new SourceFileUnreadableException(name, $"文件 {name} 不是有效的 XLSX 工作簿，无法读取（{ex.Message}）", ex);
        }
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
            var trimmed = TabularFiles.TrimHeader(headers, letters.Length);

            return new XlsxFile(name, stream, rows, trimmed, letters[..trimmed.Length], index, top.Skip(at + 1));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    protected override (long Row, IDictionary<string, object?> Cells)? ReadNext()
    {
        try
        {
            while (rows.MoveNext())
            {
                index++;
                if (!IsBlank(rows.Current))
                {
                    return (index, rows.Current);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Xml.XmlException)
        {
            throw new SourceFileUnreadableException(name, $"工作簿 {name} 第 {index + 1} 行附近内容损坏：{ex.Message}", ex);
        }

        return null;
    }

    private static bool IsBlank(IDictionary<string, object?> row) => !row.Values.Any(v => v is not null && !TabularFiles.IsBlank(Text(v)));

    public override string Cell(int column) =>
        Current is not null && column < letters.Length && Current.TryGetValue(letters[column], out var v) ? Text(v) : "";

    internal static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        double d => NumberText(d),
        DateTime t when t.TimeOfDay == TimeSpan.Zero => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "是" : "否",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>
    /// A number as Excel shows it: Excel keeps 15 significant digits, so a sum saved as 3803.7900000000004 (the binary
    /// noise of floating point) shows 3803.79 and must read so, not fail the amount's scale. Whole numbers of up to 15
    /// digits (periods, dates as 20260801) read as their digits, small fractions without an exponent. A whole number of 16
    /// or more digits (a credit code or ID number typed as a number) has already lost its digits past the 15th: it keeps
    /// Excel's exponent form, which the validator recognises and explains (<see cref="Validation.CatalogFieldValidator.ExcelHint"/>).
    /// </summary>
    internal static string NumberText(double d)
    {
        var text = d.ToString("G15", CultureInfo.InvariantCulture);
        return text.Contains('E') && Math.Abs(d) is < 1e15 and >= 1e-20
            ? decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)
            : text == "-0" ? "0" : text;
    }

    public override void Dispose()
    {
        rows.Dispose();
        stream.Dispose();
    }
}
