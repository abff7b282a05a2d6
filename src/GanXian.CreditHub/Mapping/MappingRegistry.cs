namespace GanXian.CreditHub.Mapping;

/// <summary>
/// Every mapping file of the mappings directory, loaded and checked once (at start-up, through the collection options
/// check). Mappings of the same catalogue must agree on the business key and the publication end, or the same
/// real-world record would get two recordIds.
/// </summary>
public sealed class MappingRegistry
{
    private readonly Dictionary<string, CompiledMapping> _byFile;
    private readonly Dictionary<string, CompiledMapping> _byCatalog;

    public MappingRegistry(string directory, Func<string, string?> settings)
    {
        Directory = directory;
        var (catalogs, mappings, errors) = LoadAll(directory, settings);
        if (errors.Count > 0)
        {
            throw new MappingLoadException(errors);
        }

        Catalogs = catalogs!;
        Mappings = mappings;
        _byFile = mappings.ToDictionary(m => m.Definition.File, StringComparer.OrdinalIgnoreCase);
        _byCatalog = mappings.GroupBy(m => m.Catalog.Code).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    public string Directory { get; }

    public CatalogSchemas Catalogs { get; }

    public IReadOnlyList<CompiledMapping> Mappings { get; }

    /// <summary>The mapping a source names (its file name inside the mappings directory).</summary>
    public CompiledMapping? Find(string mappingFile) => _byFile.GetValueOrDefault(Path.GetFileName(mappingFile));

    /// <summary>Any mapping of the catalogue (they agree on key and publication end), or null when none exists.</summary>
    public CompiledMapping? ForCatalog(string catalog) => _byCatalog.GetValueOrDefault(catalog);

    /// <summary>Loads catalogs.json and every other *.json file of <paramref name="directory"/>, collecting all errors.</summary>
    public static (CatalogSchemas? Catalogs, List<CompiledMapping> Mappings, List<MappingError> Errors) LoadAll(string directory, Func<string, string?> settings)
    {
        var errors = new List<MappingError>();
        var mappings = new List<CompiledMapping>();
        if (!System.IO.Directory.Exists(directory))
        {
            errors.Add(new MappingError(directory, null, $"映射目录 {directory} 不存在（配置项 Collect:MappingsDirectory）"));
            return (null, mappings, errors);
        }

        CatalogSchemas catalogs;
        try
        {
            catalogs = CatalogSchemas.Load(Path.Combine(directory, CatalogSchemas.FileName));
        }
        catch (MappingLoadException ex)
        {
            errors.AddRange(ex.Errors);
            return (null, mappings, errors);
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(file).Equals(CatalogSchemas.FileName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            try
            {
                mappings.Add(MappingLoader.Load(file, catalogs, settings));
            }
            catch (MappingLoadException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        foreach (var group in mappings.GroupBy(m => m.Catalog.Code))
        {
            var first = group.First().Definition;
            foreach (var other in group.Skip(1).Select(m => m.Definition))
            {
                if (!other.RecordKey.SequenceEqual(first.RecordKey) || other.PublishUntil != first.PublishUntil)
                {
                    errors.Add(new MappingError(other.File, null,
                        $"与 {first.File} 同属目录 {group.Key}，但 recordKey 或 publishUntil 不一致：同一记录会得到不同的记录标识"));
                }
            }
        }

        return (catalogs, mappings, errors);
    }
}
