using System.Text;
using GanXian.CreditHub.Blacklist;
using GanXian.CreditHub.Collect;
using GanXian.CreditHub.Contributions;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Mapping;
using GanXian.CreditHub.Penalties;
using Microsoft.Extensions.Options;
using GanXian.CreditHub.Validation;
using Microsoft.Extensions.Time.Testing;

namespace GanXian.CreditHub.Tests.Collect;

/// <summary>The collection pieces wired as AddCollection wires them, on the repository's mappings and a fixed clock.</summary>
internal static class CollectTestKit
{
    public const string Header = "单位名称,统一社会信用代码,险种类型,费款所属期,参保人数,应缴金额,实缴金额,欠缴金额,缴费状态,统计日期";
    public const string GoodUscc = "91350100M000100Y43";
    public const string GoodRow = "赣州宏达稀土新材料有限公司,91350100M000100Y43,企业职工基本养老保险,202610,12,10000.00,8000.00,2000.00,欠缴,2026-11-10";

    static CollectTestKit() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static readonly Dictionary<string, string> Settings = new()
    {
        ["Collect:SourceUnitName"] = "赣州市赣县区人力资源和社会保障局",
        ["Platform:SourceUnitUscc"] = "113607210145123499",
    };

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GanXian.CreditHub.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    public static string MappingsDirectory => Path.Combine(RepoRoot, "mappings");

    private static readonly Lazy<MappingRegistry> SharedRegistry = new(() => new MappingRegistry(MappingsDirectory, k => Settings.GetValueOrDefault(k)));

    public static MappingRegistry Registry => SharedRegistry.Value;

    /// <summary>2026-12-01 10:00 in Shanghai.</summary>
    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));

    /// <summary>The rule sets AddCollection registers, except the 双公示 publication deadline (PublicationDeadlineRulesTests): its warning depends on how long before the fixed clock a fixture's decision lies.</summary>
    public static RecordValidation Validation(TimeProvider? clock = null) =>
        new(Registry.Catalogs, [new ContributionRules(clock ?? Clock()), new PenaltyRules(Options.Create(new PenaltyPublicationOptions())), new BlacklistRules(), .. SubjectCategoryRules.All(), .. DateOrderRules.All(), .. PastDateRules.All(clock ?? Clock())]);

    public static RecordRules Rules(TimeProvider? clock = null) => new(Registry, Validation(clock));

    public static SourceFileReader Reader(TimeProvider? clock = null) => new(Registry, Validation(clock));

    public static SourceDefinition Source(string? encoding = null) =>
        new("shbx-jfxx", "SHBX_JFXX", "inbox", "archive", "rejected", "SHBX_JFXX.json", encoding);

    public static async Task<List<CollectedRecord>> ReadAllAsync(string path, string? encoding = null, TimeProvider? clock = null, string? sheet = null)
    {
        var list = new List<CollectedRecord>();
        await foreach (var r in Reader(clock).ReadAsync(Source(encoding), path, sheet, CancellationToken.None))
        {
            list.Add(r);
        }

        return list;
    }

    public static string WriteFile(string name, byte[] bytes)
    {
        var dir = Path.Combine(Path.GetTempPath(), "credithub-collect-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static string WriteText(string name, string text, Encoding encoding, bool bom = false) =>
        WriteFile(name, [.. bom ? encoding.GetPreamble() : [], .. encoding.GetBytes(text)]);

    public static Encoding Gbk => Encoding.GetEncoding("GBK");
}
