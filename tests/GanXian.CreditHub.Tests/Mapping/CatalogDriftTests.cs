using GanXian.CreditHub.Mapping;
using GanXian.CreditHub.Platform.Contract;
using static GanXian.CreditHub.Tests.Collect.CollectTestKit;

namespace GanXian.CreditHub.Tests.Mapping;

public class CatalogDriftTests
{
    private static List<CatalogDefinition> PlatformCopy() =>
        Registry.Catalogs.All.Select(c => new CatalogDefinition(c.Code, c.Name, c.Version, c.Fields.Select(f => f.ToWire()).ToList())).ToList();

    [Fact]
    public void The_same_definitions_have_no_drift() => Assert.Empty(CatalogDrift.Compare(Registry.Catalogs, PlatformCopy()));

    [Fact]
    public void Changed_types_code_lists_lengths_and_new_required_fields_are_reported()
    {
        var remote = PlatformCopy();
        var jfxx = remote.Single(c => c.Code == "SHBX_JFXX");
        var fields = jfxx.Fields.Select(f => f.Code switch
        {
            "XZLX" => f with { CodeList = [.. f.CodeList!, "610"] },
            "DWMC" => f with { MaxLength = 100 },
            "CBRS" => f with { Type = "decimal" },
            _ => f,
        }).Append(new CatalogField("TBR", "填报人", "string", true)).ToList();
        remote[remote.IndexOf(jfxx)] = jfxx with { Fields = fields };
        remote.RemoveAll(c => c.Code == "XYCN");

        var drift = CatalogDrift.Compare(Registry.Catalogs, remote);

        Assert.Equal(5, drift.Count);
        Assert.Contains(drift, d => d.StartsWith("SHBX_JFXX.XZLX：代码表"));
        Assert.Contains(drift, d => d.StartsWith("SHBX_JFXX.DWMC：最大长度"));
        Assert.Contains(drift, d => d.StartsWith("SHBX_JFXX.CBRS：类型"));
        Assert.Contains(drift, d => d.StartsWith("SHBX_JFXX.TBR"));
        Assert.Contains(drift, d => d.Contains("XYCN"));
    }
}
