using System.Text.Json.Nodes;
using GanXian.CreditHub.Validation.Identifiers;

namespace GanXian.CreditHub.IntegrationTests.Platform;

/// <summary>Records that the platform accepts, to be spoiled one field at a time by the tests.</summary>
internal static class SampleRecords
{
    public const string Employer = "113607210000000197";
    public const string Bureau = "11360721014957209W";

    public static string CitizenId(string first17 = "36072119800101001") => first17 + CitizenIdNumber.ComputeCheckCharacter(first17);

    public static JsonObject Contribution(int i = 1) => new()
    {
        ["DWMC"] = $"赣州市示例企业{i}有限公司",
        ["TYSHXYDM"] = Employer,
        ["XZLX"] = "110",
        ["FKSSQ"] = "202611",
        ["CBRS"] = 10 + i,
        ["YJJE"] = 12000.00m,
        ["SJJE"] = 11999.80m,
        ["QJJE"] = 0.20m,
        ["JFZT"] = "欠缴",
        ["TJRQ"] = "2026-11-30",
        ["SJLY"] = "赣州市赣县区人力资源和社会保障局",
        ["SJLYDM"] = Bureau,
    };

    public static JsonObject BlacklistPerson() => new()
    {
        ["ZTMC"] = "张三",
        ["ZTLB"] = "自然人",
        ["ZJLX"] = "身份证",
        ["ZJHM"] = CitizenId(),
        ["SXQX"] = "3",
        ["SXSS"] = "以欺诈手段骗取社会保险基金",
        ["LRYJ"] = "《社会保险领域严重失信主体名单管理办法》第七条",
        ["JDWH"] = "赣县人社失信〔2026〕1号",
        ["LRRQ"] = "2026-11-01",
        ["LRJZRQ"] = "2029-10-31",
        ["RDJG"] = "赣州市赣县区人力资源和社会保障局",
        ["RDJGDM"] = Bureau,
        ["ZT"] = "列入",
    };

    public static JsonObject With(this JsonObject data, string field, JsonNode? value)
    {
        var copy = (JsonObject)data.DeepClone();
        copy[field] = value;
        return copy;
    }

    public static JsonObject Without(this JsonObject data, string field)
    {
        var copy = (JsonObject)data.DeepClone();
        copy.Remove(field);
        return copy;
    }
}
