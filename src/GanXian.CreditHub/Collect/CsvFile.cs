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
    private long _dataRows;

    private CsvFile(string name, Encoding encoding, CsvDataReader reader)
    {
        _name = name;
        _encoding = encoding;
        _reader = reader;
        var headers = new string[reader.FieldCount];
        for (var i = 0; i < headers.Length; i++)
        {
            headers[i] = reader.GetName(i);
        }

        Headers = headers;
    }

    public IReadOnlyList<string> Headers { get; }

    public long Row { get; private set; } = 1;

    public static CsvFile Open(string path, string? declaredEncoding)
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
                HasHeaders = true,
                BufferSize = 1 << 16,
                MaxBufferSize = 1 << 24,
                OwnsReader = true,
                // Duplicate or blank headers are reported by the column check, not thrown here.
                HeaderComparer = StringComparer.Ordinal,
            });
            return new CsvFile(name, encoding, reader);
        }
        catch (SourceFileUnreadableException)
        {
            stream.Dispose();
            throw;
        }
        catch (Exception ex) when (ex is DecoderFallbackException or CsvFormatException or InvalidDataException or ArgumentException)
        {
            stream.Dispose();
            throw new SourceFileUnreadableException(name, $"文件 {name} 无法作为表格读取：表头行无法解析（{ex.Message}）", ex);
        }
    }

    public ValueTask<bool> ReadAsync(CancellationToken ct) => ValueTask.FromResult(Read(ct));

    private bool Read(CancellationToken ct)
    {
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
                throw new SourceFileUnreadableException(_name, $"文件 {_name} 第 {Row + 1} 行附近格式错误（可能是引号未闭合）：{ex.Message}", ex);
            }

            if (!more)
            {
                return false;
            }

            _dataRows++;
            if (!IsBlankRow())
            {
                Row = _dataRows + 1;
                return true;
            }
        }
    }

    public string Cell(int column) => column < _reader.RowFieldCount ? _reader.GetString(column) : "";

    public ReadOnlySpan<char> CellSpan(int column) => column < _reader.RowFieldCount ? _reader.GetFieldSpan(column) : "";

    private bool IsBlankRow()
    {
        for (var i = 0; i < _reader.RowFieldCount; i++)
        {
            var span = _reader.GetFieldSpan(i);
            foreach (var c in span)
            {
                if (!char.IsWhiteSpace(c))
                {
                    return false;
                }
            }
        }

        return true;
    }

    public void Dispose() => _reader.Dispose();
}
