using GanXian.CreditHub.Mapping;
using static GanXian.CreditHub.Tests.Collect.CollectTestKit;

namespace GanXian.CreditHub.Tests.Mapping;

public class MappingLoaderTests
{
    [Fact]
    public void Every_file_in_mappings_loads_and_every_catalogue_has_a_mapping()
    {
        var (catalogs, mappings, errors) = MappingRegistry.LoadAll(MappingsDirectory, k => Settings.GetValueOrDefault(k));

        Assert.Empty(errors);
        var files = Directory.GetFiles(MappingsDirectory, "*.json").Select(Path.GetFileName).Where(f => f != CatalogSchemas.FileName);
        Assert.Equal(files.Order(), mappings.Select(m => m.Definition.File).Order());
        Assert.Equal(catalogs!.All.Select(c => c.Code).Order(), mappings.Select(m => m.Catalog.Code).Distinct().Order());
    }

    private static MappingLoadException LoadError(string json)
    {
        var path = WriteText("broken.json", json, System.Text.Encoding.UTF8);
        return Assert.Throws<MappingLoadException>(() => MappingLoader.Load(path, Registry.Catalogs, k => Settings.GetValueOrDefault(k)));
    }

    private static string Jfxx(string fieldsTail = "", string top = "", string key = "[\"TYSHXYDM\", \"XZLX\", \"FKSSQ\"]", string dwmc = "") => $$"""
        {
          "catalog": "SHBX_JFXX",
          "version": "1",
          "formats": ["csv"],
          "recordKey": {{key}},{{top}}
          "fields": [
            { "target": "DWMC", "column": "单位名称"{{dwmc}} },
            { "target": "TYSHXYDM", "column": "统一社会信用代码" },
            { "target": "XZLX", "column": "险种类型" },
            { "target": "FKSSQ", "column": "费款所属期" },
            { "target": "CBRS", "column": "参保人数" },
            { "target": "YJJE", "column": "应缴金额" },
            { "target": "SJJE", "column": "实缴金额" },
            { "target": "QJJE", "column": "欠缴金额" },
            { "target": "JFZT", "column": "缴费状态" },
            { "target": "TJRQ", "column": "统计日期" },
            { "target": "SJLY", "value": "${Collect:SourceUnitName}" }{{fieldsTail}}
          ]
        }
        """;

    private const string LastField = ",\n    { \"target\": \"SJLYDM\", \"value\": \"${Platform:SourceUnitUscc}\" }";

    [Fact]
    public void The_test_template_itself_loads()
    {
        var path = WriteText("ok.json", Jfxx(LastField), System.Text.Encoding.UTF8);
        var mapping = MappingLoader.Load(path, Registry.Catalogs, k => Settings.GetValueOrDefault(k));
        Assert.Equal(12, mapping.Fields.Count);
    }

    [Fact]
    public void Unknown_transform_names_file_and_line()
    {
        var ex = LoadError(Jfxx(LastField, dwmc: ",\n      \"transforms\": [\"trim\",\n        \"titlecase\"]"));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("broken.json", error.File);
        Assert.Equal(9, error.Line);
        Assert.Contains("titlecase", error.Message);
    }

    [Fact]
    public void Unknown_target_and_unknown_keys_are_errors_with_their_lines()
    {
        var ex = LoadError(Jfxx(LastField + ",\n    { \"target\": \"NOPE\", \"column\": \"x\" }", top: "\n  \"colour\": \"blue\","));
        Assert.Contains(ex.Errors, e => e.Line == 6 && e.Message.Contains("colour"));
        Assert.Contains(ex.Errors, e => e.Line == 20 && e.Message.Contains("NOPE"));
    }

    [Fact]
    public void A_target_may_be_read_from_other_columns_with_their_own_transforms_but_not_next_to_a_constant()
    {
        var alternatives = WriteText("alt.json", Jfxx(LastField + ",\n    { \"target\": \"YJJE\", \"column\": \"应缴金额(万元)\", \"transforms\": [\"number\"] }"), System.Text.Encoding.UTF8);
        Assert.Equal(13, MappingLoader.Load(alternatives, Registry.Catalogs, k => Settings.GetValueOrDefault(k)).Fields.Count);

        var ex = LoadError(Jfxx(LastField + ",\n    { \"target\": \"SJLY\", \"column\": \"数据来源单位\" }"));
        Assert.Contains(ex.Errors, e => e.Line == 19 && e.Message.Contains("SJLY 重复映射"));
    }

    [Fact]
    public void Missing_required_target_is_an_error()
    {
        var ex = LoadError(Jfxx());
        Assert.Contains(ex.Errors, e => e.Message.Contains("SJLYDM"));
    }

    [Fact]
    public void Unresolved_setting_in_a_constant_is_an_error()
    {
        var path = WriteText("broken.json", Jfxx(LastField), System.Text.Encoding.UTF8);
        var ex = Assert.Throws<MappingLoadException>(() => MappingLoader.Load(path, Registry.Catalogs, _ => null));
        Assert.Contains(ex.Errors, e => e.Line == 17 && e.Message.Contains("Collect:SourceUnitName"));
    }

    [Fact]
    public void Business_key_must_name_required_catalogue_fields()
    {
        var ex = LoadError(Jfxx(LastField, key: "[\"TYSHXYDM\", \"NOPE\"]"));
        Assert.Contains(ex.Errors, e => e.Line == 5 && e.Message.Contains("NOPE"));
    }

    [Fact]
    public void Bad_date_format_and_unknown_code_table_are_errors()
    {
        var ex = LoadError(Jfxx(LastField, dwmc: ", \"transforms\": [\"date:yyyyMM\", \"code:无此表\"]"));
        Assert.Equal(2, ex.Errors.Count);
        Assert.All(ex.Errors, e => Assert.Equal(7, e.Line));
    }

    [Fact]
    public void Xls_is_not_a_format_of_its_own_and_the_error_says_to_write_xlsx()
    {
        var ex = LoadError(Jfxx(LastField).Replace("[\"csv\"]", "[\"csv\", \"xls\"]", StringComparison.Ordinal));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(4, error.Line);
        Assert.Contains("按 xlsx 读取", error.Message);
    }

    [Fact]
    public void Syntax_error_names_the_line()
    {
        var ex = LoadError("{\n  \"catalog\": \"SHBX_JFXX\",\n  \"version\" \"1\"\n}");
        Assert.Equal(3, Assert.Single(ex.Errors).Line);
    }

    [Fact]
    public void Mappings_of_one_catalogue_must_agree_on_the_business_key()
    {
        var dir = Path.GetDirectoryName(WriteText("a.json", Jfxx(LastField), System.Text.Encoding.UTF8))!;
        File.Copy(Path.Combine(MappingsDirectory, CatalogSchemas.FileName), Path.Combine(dir, CatalogSchemas.FileName));
        File.WriteAllText(Path.Combine(dir, "b.json"), Jfxx(LastField, key: "[\"TYSHXYDM\", \"FKSSQ\"]"));

        var (_, _, errors) = MappingRegistry.LoadAll(dir, k => Settings.GetValueOrDefault(k));

        Assert.Contains(errors, e => e.File == "b.json" && e.Message.Contains("recordKey"));
    }
}
