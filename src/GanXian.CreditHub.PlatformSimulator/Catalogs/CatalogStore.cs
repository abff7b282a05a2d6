using System.Text.Json;
using GanXian.CreditHub.Platform.Contract;

namespace GanXian.CreditHub.PlatformSimulator.Catalogs;

/// <summary>The platform's catalogue definitions, read once from the embedded <c>catalogs.json</c>.</summary>
public sealed class CatalogStore
{
    private CatalogStore(List<CatalogDefinition> catalogs)
    {
        All = catalogs;
        ByCode = catalogs.ToDictionary(c => c.Code, StringComparer.Ordinal);
        FieldsByCode = catalogs.ToDictionary(c => c.Code, c => c.Fields.ToDictionary(f => f.Code, StringComparer.Ordinal), StringComparer.Ordinal);
        KeysByCode = catalogs.ToDictionary(c => c.Code, c => new FieldKeys(c.Fields), StringComparer.Ordinal);
        Json = JsonSerializer.SerializeToUtf8Bytes(catalogs, SimJson.Platform.ListCatalogDefinition);
    }

    public IReadOnlyList<CatalogDefinition> All { get; }

    public IReadOnlyDictionary<string, CatalogDefinition> ByCode { get; }

    public IReadOnlyDictionary<string, Dictionary<string, CatalogField>> FieldsByCode { get; }

    /// <summary>Each catalogue's field codes as UTF-8, for the batch reader.</summary>
    internal IReadOnlyDictionary<string, FieldKeys> KeysByCode { get; }

    /// <summary>The GET /api/v1/catalogs answer, serialised once.</summary>
    public byte[] Json { get; }

    public static CatalogStore Load()
    {
        using var stream = typeof(CatalogStore).Assembly.GetManifestResourceStream("catalogs.json")
                           ?? throw new InvalidOperationException("catalogs.json resource missing");
        return new CatalogStore(JsonSerializer.Deserialize(stream, SimJson.Platform.ListCatalogDefinition)!);
    }
}
