using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Mapping;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Collect;

/// <summary>Bound from <c>Collect</c>: the inboxes and where the mapping files live.</summary>
public sealed class CollectOptions
{
    public const string Section = "Collect";

    public const string DefaultSourceUnitName = "赣州市赣县区人力资源和社会保障局";

    /// <summary>The data-source unit named in records (SJLY, CF_SJLY, …), as <c>${Collect:SourceUnitName}</c> in mapping files.</summary>
    public string SourceUnitName { get; set; } = DefaultSourceUnitName;

    /// <summary>The folder of the mapping files and catalogs.json; relative paths are tried against the working directory, then the application folder.</summary>
    public string MappingsDirectory { get; set; } = "mappings";

    public List<SourceOptions> Sources { get; set; } = [];
}

/// <summary>One entry of <c>Collect:Sources</c> (mutable for the binder; see <see cref="SourceDefinition"/>).</summary>
public sealed class SourceOptions
{
    public string Name { get; set; } = "";
    public string Catalog { get; set; } = "";
    public string Inbox { get; set; } = "";
    public string Archive { get; set; } = "";
    public string Rejected { get; set; } = "";
    public string MappingFile { get; set; } = "";

    /// <summary><c>auto</c> (or empty) detects per file; otherwise utf-8, gbk, gb18030, …</summary>
    public string? Encoding { get; set; }

    public SourceDefinition ToDefinition() =>
        new(Name, Catalog, Inbox, Archive, Rejected, MappingFile, TextEncodings.IsAuto(Encoding) ? null : Encoding);
}

/// <summary>The configured sources, checked at start-up (every message names the key).</summary>
public sealed class CollectSources(IOptions<CollectOptions> options)
{
    public IReadOnlyList<SourceDefinition> All { get; } = options.Value.Sources.Select(s => s.ToDefinition()).ToList();

    public SourceDefinition? Find(string name) => All.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}

internal sealed class CollectOptionsValidator(IServiceProvider services) : IValidateOptions<CollectOptions>
{
    public ValidateOptionsResult Validate(string? name, CollectOptions options)
    {
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        MappingRegistry? registry = null;
        try
        {
            registry = services.GetRequiredService<MappingRegistry>();
        }
        catch (MappingLoadException ex)
        {
            failures.Add($"映射文件有误（配置项 {CollectOptions.Section}:MappingsDirectory）：" + string.Join("；", ex.Errors));
        }

        for (var i = 0; i < options.Sources.Count; i++)
        {
            var s = options.Sources[i];
            var key = $"{CollectOptions.Section}:Sources:{i}";
            void Require(string value, string property)
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    failures.Add($"缺少配置项 {key}:{property}");
                }
            }

            Require(s.Name, nameof(s.Name));
            Require(s.Catalog, nameof(s.Catalog));
            Require(s.Inbox, nameof(s.Inbox));
            Require(s.Archive, nameof(s.Archive));
            Require(s.Rejected, nameof(s.Rejected));
            Require(s.MappingFile, nameof(s.MappingFile));
            if (!string.IsNullOrWhiteSpace(s.Name) && !names.Add(s.Name))
            {
                failures.Add($"配置项 {key}:Name 的数据源名称 {s.Name} 重复");
            }

            if (!TextEncodings.IsAuto(s.Encoding) && TextEncodings.Strict(s.Encoding!) is null)
            {
                failures.Add($"配置项 {key}:Encoding 的值 {s.Encoding} 不是已知编码（可用：auto、utf-8、gbk、gb18030）");
            }

            var folders = new[] { s.Inbox, s.Archive, s.Rejected }.Where(f => !string.IsNullOrWhiteSpace(f)).Select(Path.GetFullPath).ToList();
            if (folders.Distinct(StringComparer.Ordinal).Count() != folders.Count)
            {
                failures.Add($"配置项 {key} 的 Inbox、Archive、Rejected 必须是不同的文件夹");
            }

            if (registry is not null && !string.IsNullOrWhiteSpace(s.MappingFile))
            {
                var mapping = registry.Find(s.MappingFile);
                if (mapping is null)
                {
                    failures.Add($"配置项 {key}:MappingFile 指向的映射文件 {s.MappingFile} 不在映射目录 {registry.Directory} 中");
                }
                else if (!string.IsNullOrWhiteSpace(s.Catalog) && mapping.Catalog.Code != s.Catalog)
                {
                    failures.Add($"配置项 {key}:Catalog 为 {s.Catalog}，但映射文件 {s.MappingFile} 属于目录 {mapping.Catalog.Code}");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
