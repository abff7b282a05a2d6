namespace GanXian.CreditHub.Collect;

/// <summary>
/// A worksheet of a workbook (XLSX or legacy .xls) positioned after its header: the rows read past the header while
/// looking for it are served first, then the sheet's next non-blank rows (<see cref="ReadNext"/>).
/// </summary>
internal abstract class WorksheetFile<TRow>(string[] headers, IEnumerable<(long Row, TRow Cells)> pending) : ITabularFile
    where TRow : class
{
    private readonly Queue<(long Row, TRow Cells)> _pending = new(pending);

    /// <summary>Every workbook, a legacy .xls included, is read by a mapping's <c>xlsx</c> format (<see cref="TabularFiles.FormatOf"/>).</summary>
    public string Format => "xlsx";

    public IReadOnlyList<string> Headers { get; } = headers;

    public long Row { get; private set; } = 1;

    /// <summary>The current row's cells, null before the first row and after the last.</summary>
    protected TRow? Current { get; private set; }

    public ValueTask<bool> ReadAsync(CancellationToken ct)
    {
        if (!_pending.TryDequeue(out var next))
        {
            if (ReadNext() is not { } read)
            {
                Current = null;
                return ValueTask.FromResult(false);
            }

            next = read;
        }

        (Row, Current) = next;
        return ValueTask.FromResult(true);
    }

    /// <summary>The sheet's next non-blank row after those read so far (its number as Excel shows it), or null at its end.</summary>
    protected abstract (long Row, TRow Cells)? ReadNext();

    public abstract string Cell(int column);

    public abstract void Dispose();
}
