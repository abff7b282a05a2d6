using GanXian.CreditHub.Collect;
using GanXian.CreditHub.Exchange;

namespace GanXian.CreditHub.Mapping;

/// <summary>A field mapping with its transform chain compiled to delegates.</summary>
public sealed record CompiledField(FieldMapping Mapping, CatalogFieldSpec Spec, Transform[] Chain);

/// <summary>A loaded, checked mapping file, ready to bind to the header of a source file.</summary>
public sealed class CompiledMapping(MappingDefinition definition, CatalogSpec catalog, CompiledField[] fields)
{
    public MappingDefinition Definition { get; } = definition;

    public CatalogSpec Catalog { get; } = catalog;

    public IReadOnlyList<CompiledField> Fields { get; } = fields;

    /// <summary>
    /// Recognises this mapping's header among a file's top rows: a row's score is how many required columns it names,
    /// and one naming them all is the header. So a title ("赣县区2026年11月缴费明细表"), the issuing unit or a print date
    /// above the table do not make the file unreadable.
    /// </summary>
    public HeaderProbe HeaderProbe { get; } = Probe(definition, fields);

    private static HeaderProbe Probe(MappingDefinition definition, CompiledField[] fields)
    {
        var required = fields.Where(f => f.Mapping.Value is null && !f.Mapping.Optional).GroupBy(f => f.Mapping.Target)
            .Select(g => (Names: g.SelectMany(f => f.Mapping.Columns).ToArray(), Normalized: g.SelectMany(f => f.Mapping.Columns).Select(HeaderNames.Normalize).ToHashSet(StringComparer.Ordinal)))
            .ToArray();
        return new HeaderProbe(row =>
        {
            var names = row.Select(HeaderNames.Normalize).ToHashSet(StringComparer.Ordinal);
            return [.. required.Where(r => !r.Normalized.Overlaps(names)).Select(r => string.Join("/", r.Names))];
        }, Math.Max(1, required.Length), definition.File);
    }

    /// <summary>
    /// Finds every mapped column in <paramref name="headers"/> (tolerant of spaces, BOM and full-width variants).
    /// Throws <see cref="SourceFileUnreadableException"/> naming every missing required column.
    /// </summary>
    public FileBinding Bind(IReadOnlyList<string> headers, string fileName)
    {
        var normalized = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < headers.Count; i++)
        {
            normalized.TryAdd(HeaderNames.Normalize(headers[i]), i);
        }

        var bound = new List<BoundField>(fields.Length);
        foreach (var f in fields)
        {
            if (f.Mapping.Value is { } constant)
            {
                bound.Add(new BoundField(f, -1, null, constant));
                continue;
            }

            var column = f.Mapping.Columns.Select(c => normalized.TryGetValue(HeaderNames.Normalize(c), out var i) ? i : -1).FirstOrDefault(i => i >= 0, -1);
            if (column >= 0 && !bound.Any(b => b.Field.Spec.Code == f.Spec.Code))
            {
                bound.Add(new BoundField(f, column, headers[column].Trim().Trim('\uFEFF'), null));
            }
        }

        var missing = fields.Where(f => !f.Mapping.Optional && f.Mapping.Value is null).GroupBy(f => f.Spec.Code)
            .Where(g => !bound.Any(b => b.Field.Spec.Code == g.Key))
            .Select(g => string.Join("/", g.SelectMany(f => f.Mapping.Columns))).ToList();

        if (missing.Count > 0)
        {
            throw new SourceFileUnreadableException(fileName,
                $"文件 {fileName} 缺少必需的列：{string.Join("、", missing)}（映射文件 {Definition.File}；文件中的列：{string.Join("、", headers.Select(h => h.Trim()))}）");
        }

        return new FileBinding(this, [.. headers.Select(h => h.Trim().Trim('\uFEFF'))], [.. bound]);
    }
}

public sealed record BoundField(CompiledField Field, int Column, string? Header, string? Constant);

/// <summary>A mapping bound to one file's columns: turns each row into platform-field data plus the issues found.</summary>
public sealed class FileBinding
{
    private readonly string[] _headers;
    private readonly BoundField[] _fields;
    private readonly Dictionary<string, string> _columnOfField;
    private readonly int[] _catalogIndex;
    private readonly int[] _mappingOrder;
    private readonly bool[] _pooled;
    private readonly CellPool _pool = new();

    // Per column, the previous row's cell: names, codes, periods and dates repeat on consecutive rows.
    private readonly string?[] _previousCell;

    // Per field, the last input that mapped without an issue and its value: the transforms and the type conversion are
    // pure functions of the text, and repeated cells are the same string instance (pool), so a reference check suffices.
    private readonly string?[] _memoInput;
    private readonly FieldValue[] _memoValue;

    public FileBinding(CompiledMapping mapping, string[] headers, BoundField[] fields)
    {
        Mapping = mapping;
        _headers = headers;
        _fields = fields;
        _columnOfField = fields.Where(f => f.Header is not null).ToDictionary(f => f.Field.Spec.Code, f => f.Header!, StringComparer.Ordinal);
        _catalogIndex = [.. fields.Select(f => mapping.Catalog.IndexOf(f.Field.Spec.Code))];
        _mappingOrder = _catalogIndex;
        // Text columns repeat from row to row (names, codes, periods); amounts and counts mostly do not.
        _previousCell = new string?[headers.Length];
        _memoInput = new string?[fields.Length];
        _memoValue = new FieldValue[fields.Length];
        _pooled = new bool[headers.Length];
        for (var i = 0; i < _pooled.Length; i++)
        {
            _pooled[i] = !fields.Any(f => f.Column == i && f.Field.Spec.Type is FieldTypes.Integer or FieldTypes.Decimal);
        }
    }

    public CompiledMapping Mapping { get; }

    public IReadOnlyList<string> Headers => _headers;

    /// <summary>The index of the file column a platform field is read from, or -1 (a constant, or not in this file).</summary>
    public int ColumnIndexOf(string field) => Array.Find(_fields, f => f.Field.Spec.Code == field)?.Column ?? -1;

    /// <summary>The source column a platform field came from in this file, for issue reports.</summary>
    public string? ColumnOf(string? field) => field is not null && _columnOfField.TryGetValue(field, out var c) ? c : null;

    /// <summary>Maps the current row; failures of transforms or types are added to <paramref name="issues"/> and the field left out.</summary>
    public (RecordFields Data, SourceRow Original) Map(ITabularFile file, List<RecordIssue> issues)
    {
        var values = new string?[_headers.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (_pooled[i])
            {
                var cell = file.CellSpan(i);
                var previous = _previousCell[i];
                values[i] = previous is not null && cell.SequenceEqual(previous) ? previous : _previousCell[i] = _pool.Get(cell);
            }
            else
            {
                values[i] = file.Cell(i);
            }
        }

        var data = new FieldValue[Mapping.Catalog.Fields.Count];
        for (var f = 0; f < _fields.Length; f++)
        {
            var b = _fields[f];
            var text = b.Constant ?? values[b.Column] ?? "";
            if (ReferenceEquals(text, _memoInput[f]))
            {
                data[_catalogIndex[f]] = _memoValue[f];
                continue;
            }

            var input = text;
            var ok = true;
            foreach (var step in b.Field.Chain)
            {
                if (!step(text, out text, out var failure))
                {
                    issues.Add(new RecordIssue(b.Field.Spec.Code, b.Header, failure.Rule, $"{b.Field.Spec.Name}：{failure.Message}"));
                    ok = false;
                    break;
                }
            }

            if (!ok)
            {
                continue;
            }

            if (text.Length == 0)
            {
                (_memoInput[f], _memoValue[f]) = (input, default);
                continue;
            }

            if (FieldValues.ToValue(b.Field.Spec, text, out var value, out var typeFailure))
            {
                data[_catalogIndex[f]] = value;
                (_memoInput[f], _memoValue[f]) = (input, value);
            }
            else
            {
                issues.Add(new RecordIssue(b.Field.Spec.Code, b.Header, typeFailure.Rule, $"{b.Field.Spec.Name}：{typeFailure.Message}"));
            }
        }

        return (RecordFields.Mapped(Mapping.Catalog, data, _mappingOrder), new SourceRow(_headers, values));
    }
}
