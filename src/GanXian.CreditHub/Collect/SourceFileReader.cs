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

    /// <summary>A row without a business key whose label cell says it is a total: every export of the bureau's systems ends in one.</summary>
    private static bool IsSummaryRow(ITabularFile file, int columns)
    {
        for (var i = 0; i < columns; i++)
        {
            var label = HeaderNames.Normalize(file.Cell(i)).Trim(':', '：', '(', ')', '（', '）', '【', '】', '[', ']');
            if (label.Length > 0)
            {
                // Only the first non-empty cell counts: a totals row starts with its label.
                return SummaryLabels.Contains(label);
            }
        }

        return false;
    }

    public async IAsyncEnumerable<CollectedRecord> ReadAsync(SourceDefinition source, string path, [EnumeratorCancellation] CancellationToken ct)
    {
        var fileName = Path.GetFileName(path);
        var mapping = mappings.Find(source.MappingFile)
                      ?? throw new InvalidOperationException($"数据源 {source.Name} 的映射文件 {source.MappingFile} 未加载");
        using var file = TabularFiles.Open(path, source.Encoding, mapping.HeaderProbe);
        if (!mapping.Definition.Formats.Contains(file.Format))
        {
            throw new SourceFileUnreadableException(fileName,
                $"文件 {fileName} 是 {file.Format} 格式，但数据源 {source.Name} 的映射文件 {mapping.Definition.File} 只接受 {string.Join("、", mapping.Definition.Formats)}");
        }

        var binding = mapping.Bind(file.Headers, fileName);
        var catalog = mapping.Catalog.Code;
        var key = mapping.Definition.RecordKey;
        FieldKey[] keyFields = [.. key.Select(k => new FieldKey(k))];
        Func<string?, string?> columnOf = binding.ColumnOf;

        while (await file.ReadAsync(ct))
        {
            var issues = new List<RecordIssue>(0);
            var (data, original) = binding.Map(file, issues);
            validation.Validate(catalog, data, columnOf, issues);
            var recordId = RecordIds.For(catalog, keyFields, data);
            if (recordId is null && IsSummaryRow(file, binding.Headers.Count))
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
                RecordRules.PublishUntil(mapping.Definition, data)) { Fields = data };
        }
    }
}
