namespace GanXian.CreditHub.Mapping;

/// <summary>One platform field of a mapping file: from a source column (first header alias found) or a constant value.</summary>
public sealed record FieldMapping(
    string Target,
    IReadOnlyList<string> Columns,
    string? Value,
    IReadOnlyList<string> Transforms,
    bool Optional,
    int? Line);

/// <summary>A mapping file as written (mappings/README.md describes the format).</summary>
public sealed record MappingDefinition(
    string File,
    string Catalog,
    string Version,
    string? Description,
    IReadOnlyList<string> Formats,
    IReadOnlyList<string> RecordKey,
    string? PublishUntil,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> CodeTables,
    IReadOnlyList<FieldMapping> Fields);
