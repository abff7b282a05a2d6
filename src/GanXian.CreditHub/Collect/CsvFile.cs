using System.Text;
using GanXian.CreditHub.Exchange;
using Sylvan.Data.Csv;

namespace GanXian.CreditHub.Collect;

/// <summary>
/// A delimited text export read with Sylvan (streaming, quoted fields, embedded newlines, CRLF or LF, delimiter
/// detected from the header). The encoding is declared per source or detected; decoding is strict.
/// </summary>
internal sealed class CsvFile : ITabularFile
{
    private readonly string _name;
    private readonly Encoding _encoding;
    private readonly CsvDataReader _reader;
    private long _records;

    // The rows read past the header while looking for it, served before the reader's next rows.
    private readonly Queue<(long Row, string[] Cells)> _pending;
    private string[]? _buffered;

    private CsvFile(string name, Encoding encoding, CsvDataReader reader, string[] headers, Queue<(long Row, string[] Cells)> pending, long records)
    {
        _name = name;
        _encoding = encoding;
        _reader = reader;
        Headers = headers;
        _pending = pending;
        _records = records;
    }

    /// <summary>The largest record the reader takes, in characters (a record must fit in its buffer).</summary>
    private const int MaxRecordChars = 1 << 24;

    public string Format => "csv";

    public IReadOnlyList<string> Headers { get; }

    public long Row { get; private set; } = 1;

    public static CsvFile Open(string path, string? declaredEncoding, HeaderProbe? header = null)
    {
        var name = Path.GetFileName(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            var prefix = new byte[TextEncodings.PrefixLength];
            var length = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
            var isWholeFile = length < prefix.Length;
            var span = prefix.AsSpan(0, length);

            var bom = TextEncodings.FromByteOrderMark(span);
            var skip = bom?.Length ?? 0;
            Encoding encoding;
            if (!TextEncodings.IsAuto(declaredEncoding))
            {
                encoding = TextEncodings.Strict(declaredEncoding!)
                           ?? throw new SourceFileUnreadableException(name, $"数据源声明的编码 {declaredEncoding} 无法识别");
                if (bom is { } b && b.Encoding.WebName != encoding.WebName)
                {
                    // A byte-order mark is unambiguous: trust it over the declaration.
                    encoding = b.Encoding;
                }
                else if (!TextEncodings.Decodes(encoding, span[skip..], isWholeFile))
                {
                    throw new SourceFileUnreadableException(name,
                        $"文件 {name} 不是数据源声明的 {TextEncodings.DisplayName(encoding)} 编码（文件开头即有无法解码的字节），请按声明的编码重新导出，或修改数据源的 Encoding 配置");
                }
            }
            else
            {
                encoding = bom?.Encoding ?? TextEncodings.Detect(span, isWholeFile);
                if (!TextEncodings.Decodes(encoding, span[skip..], isWholeFile))
                {
                    throw new SourceFileUnreadableException(name,
                        $"文件 {name} 既不是 UTF-8 也不是 GB18030/GBK 编码的文本，无法读取（可能是二进制文件或其他编码）");
                }
            }

            if (length == 0 || isWholeFile && TabularFiles.IsBlank(encoding.GetString(span[skip..])))
            {
                throw new SourceFileUnreadableException(name, $"文件 {name} 是空文件，没有表头和数据");
            }

            stream.Position = skip;
            var text = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
            var reader = CsvDataReader.Create(text, new CsvDataReaderOptions
            {
                // The header is found among the top rows (title lines come first in many exports), so the reader
                // takes every row as data and the delimiter is detected here from the top lines, not from line 1.
                HasHeaders = false,
                Delimiter = DetectDelimiter(TextEncodings.Lenient(encoding).GetString(span[skip..])),
                BufferSize = 1 << 16,
                MaxBufferSize = MaxRecordChars,
                OwnsReader = true,
            });
            try
            {
                var (headers, pending, records) = FindHeader(name, reader, header);
                return new CsvFile(name, encoding, reader, headers, pending, records);
            }
            catch
            {
                reader.Dispose();
                throw;
            }
        }
        catch (SourceFileUnreadableException)
        {
            stream.Dispose();
            throw;
        }
        catch (Exception ex) when (ex is DecoderFallbackException or InvalidDataException or ArgumentException)
        {
            stream.Dispose();
            throw new SourceFileUnreadableException(name, $"文件 {name} 无法作为表格读取：开头的表头或数据行无法解析（{ex.Message}）", ex);
        }
    }

    /// <summary>Reads the top non-blank rows, picks the header among them and keeps the rows after it for <see cref="ReadAsync"/>.</summary>
    private static (string[] Headers, Queue<(long, string[])> Pending, long Records) FindHeader(string name, CsvDataReader reader, HeaderProbe? probe)
    {
        var top = new List<(long Row, string[] Cells)>();
        long records = 0;
        while (top.Count < TabularFiles.HeaderSearchRows && ReadOrRefuse(name, reader, records))
        {
            records++;
            if (!IsBlankRow(reader))
            {
                var cells = new string[reader.RowFieldCount];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = reader.GetString(i);
                }

                top.Add((records, cells));
            }
        }

        if (top.Count == 0)
        {
            throw new SourceFileUnreadableException(name, $"文件 {name} 只有空行，没有表头和数据");
        }

        var (at, header) = TabularFiles.PickHeader([.. top.Select(t => t.Cells)], probe);
        return (header, new Queue<(long, string[])>(top.Skip(at + 1)), records);
    }

    /// <summary>
    /// The delimiter of the table: of comma, tab, semicolon and vertical bar, the one that splits some top line (outside
    /// quotes) into the most fields. A title line has none of them, the header line has the most.
    /// </summary>
    internal static char DetectDelimiter(string top)
    {
        ReadOnlySpan<char> candidates = [',', '\t', ';', '|'];
        Span<int> best = stackalloc int[candidates.Length];
        Span<int> line = stackalloc int[candidates.Length];
        var (quoted, lines) = (false, 0);
        foreach (var c in top)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && (c == '\n' || c == '\r'))
            {
                for (var i = 0; i < line.Length; i++)
                {
                    best[i] = Math.Max(best[i], line[i]);
                }

                line.Clear();
                if (c == '\n' && ++lines >= TabularFiles.HeaderSearchRows * 2)
                {
                    break;
                }
            }
            else if (!quoted && candidates.IndexOf(c) is var k and >= 0)
            {
                line[k]++;
            }
        }

        for (var i = 0; i < line.Length; i++)
        {
            best[i] = Math.Max(best[i], line[i]);
        }

        var pick = 0;
        for (var i = 1; i < best.Length; i++)
        {
            if (best[i] > best[pick])
            {
                pick = i;
            }
        }

        return candidates[pick];
    }

    public ValueTask<bool> ReadAsync(CancellationToken ct) => ValueTask.FromResult(Read(ct));

    private bool Read(CancellationToken ct)
    {
        if (_pending.TryDequeue(out var next))
        {
            (Row, _buffered) = next;
            return true;
        }

        _buffered = null;
        while (true)
        {
            bool more;
            try
            {
                // Synchronous on purpose: async file reads hop threads per buffer and the pool spins; this is a batch job.
                ct.ThrowIfCancellationRequested();
                more = _reader.Read();
            }
            catch (DecoderFallbackException ex)
            {
                throw new SourceFileUnreadableException(_name,
                    $"文件 {_name} 第 {Row + 1} 行附近有不属于 {TextEncodings.DisplayName(_encoding)} 编码的字节：文件编码不一致，请重新导出", ex);
            }
            catch (CsvFormatException ex)
            {
                throw QuoteError(_name, _records + 1, ex, Headers);
            }

            if (!more)
            {
                return false;
            }

            _records++;
            if (!IsBlankRow(_reader))
            {
                Row = _records;
                return true;
            }
        }
    }

    /// <summary>The next row while the header is looked for, after <paramref name="records"/> rows (no column names yet).</summary>
    private static bool ReadOrRefuse(string name, CsvDataReader reader, long records)
    {
        try
        {
            return reader.Read();
        }
        catch (CsvFormatException ex)
        {
            throw QuoteError(name, records + 1, ex, null);
        }
    }

    /// <summary>
    /// A quoted field that the reader cannot close, named by the row where it starts (record <paramref name="row"/>, the
    /// row a spreadsheet shows). A quote left open takes the rest of the file into one field, so the reader stops at the
    /// end of the file, or at <see cref="MaxRecordChars"/> in a large one, far below the row to fix; a closing quote with
    /// more text after it (<c>"赣州宏达"稀土…</c>) is the same slip.
    /// </summary>
    private static SourceFileUnreadableException QuoteError(string name, long row, CsvFormatException ex, IReadOnlyList<string>? headers)
    {
        if (ex is CsvRecordTooLargeException)
        {
            return new SourceFileUnreadableException(name,
                $"文件 {name} 第 {row} 行起的一行超过 {MaxRecordChars / 10_000} 万个字符，无法读取：通常是该行某个字段的英文双引号（\"）没有闭合，其后的内容都被读成了这一个字段。" +
                $"请检查第 {row} 行的引号，补上缺少的引号或删去多余的引号后重新导出", ex);
        }

        var field = ex.FieldOrdinal;
        var column = headers is not null && field >= 0 && field < headers.Count && !TabularFiles.IsBlank(headers[field])
            ? $"（列“{headers[field].Trim()}”）"
            : $"第 {field + 1} 列";
        return new SourceFileUnreadableException(name,
            $"文件 {name} 第 {row} 行{column}的字段以英文双引号（\"）开头，但引号没有正确闭合（缺少结尾的引号，或结尾的引号后还有其他字符），无法读取：" +
            "请检查该字段的引号（字段中的引号应写作两个连续的英文双引号 \"\"）后重新导出", ex);
    }

    public string Cell(int column)
    {
        var cell = _buffered is { } row ? (column < row.Length ? row[column] : "") : column < _reader.RowFieldCount ? _reader.GetString(column) : "";
        return IsExcelTextFormula(cell) ? cell[2..^1] : HasTextMarker(cell) ? cell[1..] : cell;
    }

    public ReadOnlySpan<char> CellSpan(int column)
    {
        var cell = _buffered is { } row ? (column < row.Length ? row[column] : "") : column < _reader.RowFieldCount ? _reader.GetFieldSpan(column) : "";
        return IsExcelTextFormula(cell) ? cell[2..^1] : HasTextMarker(cell) ? cell[1..] : cell;
    }

    /// <summary>
    /// <c>="360731198506123018"</c>: how web systems export long numbers (ID numbers, credit codes, account numbers)
    /// so that Excel shows them as text instead of 3.60731E+17. The value is what is between the quotes.
    /// </summary>
    private static bool IsExcelTextFormula(ReadOnlySpan<char> cell) => cell.Length >= 3 && cell[0] == '=' && cell[1] == '"' && cell[^1] == '"';

    /// <summary>
    /// <c>'360731198506123018</c> or a tab before the digits: the other two ways exports keep Excel from reading a long
    /// number as one. Only before a digit, where the mark cannot be part of the value (a remark may well start with a
    /// quote or a tab before words).
    /// </summary>
    private static bool HasTextMarker(ReadOnlySpan<char> cell) => cell.Length >= 2 && cell[0] is '\'' or '\t' && char.IsAsciiDigit(cell[1]);

    private static bool IsBlankRow(CsvDataReader reader)
    {
        for (var i = 0; i < reader.RowFieldCount; i++)
        {
            foreach (var c in reader.GetFieldSpan(i))
            {
                if (!char.IsWhiteSpace(c) && c != '\uFEFF')
                {
                    return false;
                }
            }
        }

        return true;
    }

    public void Dispose() => _reader.Dispose();
}
