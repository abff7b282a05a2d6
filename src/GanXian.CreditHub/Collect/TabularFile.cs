using GanXian.CreditHub.Exchange;

namespace GanXian.CreditHub.Collect;

/// <summary>A source file read as rows of text cells, one row at a time (never the whole file in memory).</summary>
public interface ITabularFile : IDisposable
{
    /// <summary>The header cells as they appear in the file.</summary>
    IReadOnlyList<string> Headers { get; }

    /// <summary>Advances to the next row; blank rows (trailing or in between) are skipped.</summary>
    ValueTask<bool> ReadAsync(CancellationToken ct);

    /// <summary>The current row's number as a spreadsheet shows it (the header is row 1).</summary>
    long Row { get; }

    /// <summary>The text of cell <paramref name="column"/> of the current row, "" when the row is shorter.</summary>
    string Cell(int column);

    /// <summary>The text of cell <paramref name="column"/> without a string of its own; valid until the next <see cref="ReadAsync"/>.</summary>
    ReadOnlySpan<char> CellSpan(int column) => Cell(column);
}

public static class TabularFiles
{
    /// <summary>Opens <paramref name="path"/> by its extension: <c>.xlsx</c> as a workbook, anything else as delimited text.</summary>
    public static ITabularFile Open(string path, string? declaredEncoding)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw new SourceFileUnreadableException(name, $"文件 {name} 不存在");
        }

        return Path.GetExtension(path).Equals(".xlsx", StringComparison.OrdinalIgnoreCase)
            ? XlsxFile.Open(path)
            : CsvFile.Open(path, declaredEncoding);
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
