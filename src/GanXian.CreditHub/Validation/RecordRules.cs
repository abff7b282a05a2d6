using System.Globalization;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Mapping;

namespace GanXian.CreditHub.Validation;

/// <summary>
/// <see cref="IRecordRules"/> for records an officer corrected: the same validators, business key and publication
/// end as collection uses, taken from the catalogue's mapping files.
/// </summary>
public sealed class RecordRules(MappingRegistry mappings, RecordValidation validation) : IRecordRules
{
    public string RecordIdFor(string catalog, JsonObject data) =>
        RecordIds.For(catalog, Mapping(catalog).Definition.RecordKey, data)
        ?? throw new ArgumentException($"记录缺少目录 {catalog} 的业务主键字段（{string.Join("、", Mapping(catalog).Definition.RecordKey)}），无法生成记录标识");

    public IReadOnlyList<RecordIssue> Validate(string catalog, JsonObject data)
    {
        var issues = new List<RecordIssue>();
        validation.Validate(catalog, data, _ => null, issues);
        return issues;
    }

    public DateOnly? PublishUntil(string catalog, JsonObject data) =>
        PublishUntil(Mapping(catalog).Definition, data) ?? validation.DefaultPublishUntil(catalog, data);

    internal static DateOnly? PublishUntil(MappingDefinition mapping, JsonObject data) =>
        mapping.PublishUntil is { } field ? PublishUntil(FieldValues.Text(data[field])) : null;

    internal static DateOnly? PublishUntil(MappingDefinition mapping, RecordFields data) =>
        mapping.PublishUntil is { } field ? PublishUntil(data[field].Text) : null;

    private static DateOnly? PublishUntil(string? text) =>
        text is not null && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    private CompiledMapping Mapping(string catalog) =>
        mappings.ForCatalog(catalog) ?? throw new ArgumentException($"目录 {catalog} 没有映射文件，无法确定业务主键");
}
