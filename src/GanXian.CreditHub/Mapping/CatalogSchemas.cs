using System.Text.Json;
using System.Text.Json.Serialization;
using GanXian.CreditHub.Platform.Contract;

namespace GanXian.CreditHub.Mapping;

/// <summary>One field of a catalogue as the hub knows it (the platform's definition plus the hub's own format check).</summary>
public sealed record CatalogFieldSpec(
    string Code,
    string Name,
    string Type,
    bool Required,
    int? MaxLength = null,
    IReadOnlyList<string>? CodeList = null,
    int? Scale = null,
    string? Format = null)
{
    public CatalogField ToWire() => new(Code, Name, Type, Required, MaxLength, CodeList, Scale);
}

public sealed record CatalogSpec(string Code, string Name, string Version, IReadOnlyList<CatalogFieldSpec> Fields)
{
    private readonly Dictionary<string, int> _indexOf = Fields.Select((f, i) => (f.Code, i)).ToDictionary(p => p.Code, p => p.i, StringComparer.Ordinal);

    public CatalogFieldSpec? Field(string code) => _indexOf.TryGetValue(code, out var i) ? Fields[i] : null;

    /// <summary>The position of field <paramref name="code"/> in <see cref="Fields"/>, or -1.</summary>
    public int IndexOf(string code) => _indexOf.TryGetValue(code, out var i) ? i : -1;

    /// <summary>Field positions in ordinal order of their codes: the key order of the canonical encoding.</summary>
    internal int[] CanonicalOrder { get; } = [.. Enumerable.Range(0, Fields.Count).OrderBy(i => Fields[i].Code, StringComparer.Ordinal)];
}

/// <summary>The field types of PLATFORM-API.md §3.</summary>
public static class FieldTypes
{
    public const string String = "string";
    public const string Date = "date";
    public const string DateTime = "datetime";
    public const string Decimal = "decimal";
    public const string Integer = "integer";
    public const string Uscc = "uscc";
    public const string IdCard = "idcard";
    public const string Code = "code";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { String, Date, DateTime, Decimal, Integer, Uscc, IdCard, Code };
}

/// <summary>
/// The hub's copy of the platform's catalogue definitions (<c>mappings/catalogs.json</c>). Validation and the mapping
/// load check use it; <c>mappings check</c> compares it with the platform's <c>GET /api/v1/catalogs</c>.
/// </summary>
public sealed class CatalogSchemas
{
    public const string FileName = "catalogs.json";

    private readonly Dictionary<string, CatalogSpec> _byCode;

    public CatalogSchemas(IEnumerable<CatalogSpec> catalogs) => _byCode = catalogs.ToDictionary(c => c.Code, StringComparer.Ordinal);

    public IEnumerable<CatalogSpec> All => _byCode.Values;

    public CatalogSpec? Find(string code) => _byCode.GetValueOrDefault(code);

    public CatalogSpec Get(string code) =>
        Find(code) ?? throw new KeyNotFoundException($"目录 {code} 未在 {FileName} 中定义");

    public static CatalogSchemas Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new MappingLoadException([new MappingError(path, null, $"找不到目录定义文件 {path}")]);
        }

        try
        {
            var file = JsonSerializer.Deserialize<CatalogFile>(File.ReadAllBytes(path), Json)
                       ?? throw new JsonException("空文件");
            var errors = new List<MappingError>();
            foreach (var c in file.Catalogs)
            {
                foreach (var f in c.Fields.Where(f => !FieldTypes.All.Contains(f.Type)))
                {
                    errors.Add(new MappingError(path, null, $"目录 {c.Code} 字段 {f.Code} 的类型 '{f.Type}' 未知"));
                }
            }

            return errors.Count > 0 ? throw new MappingLoadException(errors) : new CatalogSchemas(file.Catalogs);
        }
        catch (JsonException ex)
        {
            throw new MappingLoadException([new MappingError(path, (int?)ex.LineNumber + 1, "JSON 格式错误：" + Hosting.JsonErrorText.Chinese(ex))]);
        }
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private sealed record CatalogFile([property: JsonPropertyName("catalogs")] List<CatalogSpec> Catalogs);
}
