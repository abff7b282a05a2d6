using System.Runtime.CompilerServices;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Mapping;
using GanXian.CreditHub.Validation;

namespace GanXian.CreditHub.Collect;

/// <summary>
/// <see cref="ISourceFileReader"/>: opens the file (encoding, table, header check happen before the first record, so an
/// unreadable file fails up front), then maps and validates one row at a time. A bad row becomes a record with issues;
/// the rows around it go on.
/// </summary>
public sealed class SourceFileReader(MappingRegistry mappings, RecordValidation validation) : ISourceFileReader
{
    /// <summary>What exports write in the first cells of a totals row (compared without spaces, colons or brackets).</summary>
    private static readonly HashSet<string> SummaryLabels = new(StringComparer.Ordinal) { "合计", "总计", "小计", "总合计", "本页合计", "本页小计", "累计", "共计", "合计金额", "TOTAL" };

    /// <summary>
    /// A row that is not a record: a totals row or a note under the table. A totals row's label cell says it is a
    /// total (every export of the bureau's systems ends in one); it has no business key, or its key cells just repeat
    /// the label (a "合计" merged across the first columns of a worksheet reads as "合计" in each of them). A note row has
    /// no business key and starts with what the footers of exports say: 注：…, 说明：…, 制表人：…, 审核人：…, 打印日期：….
    /// A real record whose name happens to be 合计 has a key of its own.
    /// </summary>
    private static bool IsSummaryRow(ITabularFile file, int columns, int[]? keyColumns)
    {
        for (var i = 0; i < columns; i++)
        {
            var label = Label(file.Cell(i));
            if (label.Length > 0)
            {
                // Only the first non-empty cell counts: a totals row or a note starts with its label.
                if (SummaryLabels.Contains(label))
                {
                    return keyColumns is null || Array.TrueForAll(keyColumns, c => c < 0 || Label(file.Cell(c)) is var k && (k.Length == 0 || k == label));
                }

                return keyColumns is null && IsFooterNote(label);
            }
        }

        return false;
    }

    /// <summary>Who made or checked the table, when it was printed, where the data is from (compared normalised: upper case, half-width, no spaces).</summary>
    private static readonly string[] FooterPrefixes =
    [
        "制表人", "制表日期", "制表时间", "填表人", "填表日期", "填报人", "填报日期", "审核人", "审核日期", "复核人", "打印人", "打印日期", "打印时间",
        "单位负责人", "负责人:", "经办人", "联系人:", "联系电话", "数据来源:", "数据截至", "数据截止",
    ];

    /// <summary>Words that open a note only with a colon or a number after them ("注：", "注1."), as "注塑厂" shows.</summary>
    private static readonly string[] NoteWords = ["注", "备注", "说明", "填表说明", "附注"];

    private static bool IsFooterNote(string label) =>
        Array.Exists(FooterPrefixes, p => label.StartsWith(p, StringComparison.Ordinal))
        || Array.Exists(NoteWords, w => label == w
            || (label.Length > w.Length && label.StartsWith(w, StringComparison.Ordinal) && (label[w.Length] == ':' || char.IsAsciiDigit(label[w.Length]))));

    private const int MaxLabelLength = 8;

    private CompiledMapping MappingOf(SourceDefinition source) => mappings.Find(source.MappingFile)
        ?? throw new InvalidOperationException($"数据源 {source.Name} 的映射文件 {source.MappingFile} 未加载");

    private static string Label(string cell) => HeaderNames.Normalize(cell).Trim(':', '：', '(', ')', '（', '）', '【', '】', '[', ']');

    public IReadOnlyList<string> TableSheetsOf(SourceDefinition source, string path) =>
        TabularFiles.TableSheets(path, MappingOf(source).HeaderProbe);

    public async IAsyncEnumerable<CollectedRecord> ReadAsync(SourceDefinition source, string path, string? sheet, [EnumeratorCancellation] CancellationToken ct)
    {
        var fileName = Path.GetFileName(path);
        var mapping = MappingOf(source);
        using var file = TabularFiles.Open(path, source.Encoding, mapping.HeaderProbe, sheet);
        if (!mapping.Definition.Formats.Contains(file.Format))
        {
            throw new SourceFileUnreadableException(fileName,
                $"文件 {fileName} 是{TabularFiles.Describe(file.Format)}，但数据源 {source.Name} 的映射文件 {mapping.Definition.File} 只接受" +
                string.Join("、", mapping.Definition.Formats.Select(TabularFiles.Describe)));
        }

        var binding = mapping.Bind(file.Headers, fileName);
        var catalog = mapping.Catalog.Code;
        var key = mapping.Definition.RecordKey;
        FieldKey[] keyFields = [.. key.Select(k => new FieldKey(k))];
        Func<string?, string?> columnOf = binding.ColumnOf;
        int[] keyColumns = [.. key.Select(binding.ColumnIndexOf)];

        var headerKey = keyColumns.Length > 0 && keyColumns[0] >= 0 ? binding.Headers[keyColumns[0]] : null;
        while (await file.ReadAsync(ct))
        {
            // The header again (two exports pasted into one file): its first key cell names the column, which a cheap
            // comparison rules out for every real row; then every key cell must name its own column.
            if (headerKey is not null && file.CellSpan(keyColumns[0]).Trim().SequenceEqual(headerKey)
                && Array.TrueForAll(keyColumns, c => c < 0 || HeaderNames.Normalize(file.Cell(c)) == HeaderNames.Normalize(binding.Headers[c])))
            {
                yield return new CollectedRecord(catalog, null, new SourceLocation(fileName, file.Row), new Dictionary<string, string?>(), null, [], null)
                {
                    IsSummaryRow = true, IsRepeatedHeader = true,
                };
                continue;
            }

            var issues = new List<RecordIssue>(0);
            var (data, original) = binding.Map(file, issues);
            validation.Validate(catalog, data, columnOf, issues);
            var recordId = RecordIds.For(catalog, keyFields, data);
            // With a key, a totals row is possible only if its first key cell is as short as a label (cheap to rule out).
            if (recordId is null ? IsSummaryRow(file, binding.Headers.Count, null)
                : keyColumns[0] >= 0 && file.CellSpan(keyColumns[0]).Trim().Length <= MaxLabelLength && IsSummaryRow(file, binding.Headers.Count, keyColumns))
            {
                yield return new CollectedRecord(catalog, null, new SourceLocation(fileName, file.Row), original, null, [], null) { IsSummaryRow = true };
                continue;
            }

            if (recordId is null)
            {
                issues.Add(new RecordIssue(null, null, "MISSING_RECORD_KEY",
                    $"缺少业务主键字段（{string.Join("、", key.Select(k => mapping.Catalog.Field(k)?.Name ?? k))}），无法生成记录标识"));
            }

            yield return new CollectedRecord(catalog, recordId, new SourceLocation(fileName, file.Row), original, null, issues,
                RecordRules.PublishUntil(mapping.Definition, data) ?? validation.DefaultPublishUntil(catalog, data)) { Fields = data };
        }
    }
}
