using GanXian.CreditHub.Exchange;
using MiniExcelLibs;
using static GanXian.CreditHub.Tests.Collect.CollectTestKit;
using static GanXian.CreditHub.Tests.Collect.XlsFixtures;

namespace GanXian.CreditHub.Tests.Collect;

/// <summary>Which worksheets of a workbook hold the table, and what happens to a sheet that nearly does.</summary>
public class WorkbookSheetTests
{
    private static readonly string[] Columns = Header.Split(',');

    private static Dictionary<string, object> Row(string type, Func<string, string>? rename = null) => new[]
    {
        ("单位名称", (object)"赣州恒通物流有限公司"), ("统一社会信用代码", GoodUscc), ("险种类型", type), ("费款所属期", "202609"), ("参保人数", 30),
        ("应缴金额", 100), ("实缴金额", 100), ("欠缴金额", 0), ("缴费状态", "正常"), ("统计日期", "2026-10-10"),
    }.ToDictionary(c => rename?.Invoke(c.Item1) ?? c.Item1, c => c.Item2);

    /// <summary>What a summary sheet of an export by insurance type has: five of the table's ten names, and no key.</summary>
    private static readonly Dictionary<string, object>[] Summary =
        [new() { ["险种"] = "工伤保险", ["参保人数"] = 30, ["应缴金额"] = 100, ["实缴金额"] = 100, ["欠缴金额"] = 0 }];

    private static readonly Dictionary<string, object>[] Explanation = [new() { ["说明"] = "本表由社保业务系统导出，金额单位：元" }];

    private static string Xlsx(string name, Dictionary<string, object> sheets)
    {
        var path = Path.Combine(Path.GetDirectoryName(WriteFile("x.txt", []))!, name);
        MiniExcel.SaveAs(path, sheets);
        return path;
    }

    private static string Misspelt(string column) => column == "参保人数" ? "参保人员数" : column;

    [Fact]
    public async Task A_sheet_with_the_table_but_a_misspelt_column_rejects_the_workbook_naming_sheet_and_column()
    {
        var path = Xlsx("分险种.xlsx", new Dictionary<string, object>
        {
            ["填表说明"] = Explanation, ["工伤"] = new[] { Row("工伤保险") }, ["汇总"] = Summary, ["失业"] = new[] { Row("失业保险", Misspelt) },
        });

        // Before the import (which asks for the table sheets first) and when the file is read without naming a sheet.
        var listed = Assert.Throws<SourceFileUnreadableException>(() => Reader().TableSheetsOf(Source(), path));
        var read = await Assert.ThrowsAsync<SourceFileUnreadableException>(() => ReadAllAsync(path));

        Assert.Equal(listed.Message, read.Message);
        Assert.Equal("分险种.xlsx", listed.File);
        Assert.StartsWith("工作簿 分险种.xlsx 的工作表“失业”缺少必需的列：参保人数/缴费人数/参保职工人数（该工作表的列：单位名称、", listed.Message);
        Assert.Contains("映射文件 SHBX_JFXX.json", listed.Message);
        Assert.EndsWith("整个文件未导入。", listed.Message);
        Assert.DoesNotContain("工作表“汇总”", listed.Message);
        Assert.DoesNotContain("工作表“填表说明”", listed.Message);
    }

    [Fact]
    public async Task Without_a_complete_sheet_the_missing_columns_are_those_of_the_sheet_that_nearly_holds_the_table()
    {
        var row = Row("工伤保险");
        row.Remove("统计日期");
        var path = Xlsx("缺列.xlsx", new Dictionary<string, object> { ["填表说明"] = Explanation, ["缴费明细"] = new[] { row } });

        var ex = await Assert.ThrowsAsync<SourceFileUnreadableException>(() => ReadAllAsync(path));

        Assert.StartsWith("工作簿 缺列.xlsx 的工作表“缴费明细”缺少必需的列：统计日期/统计时间/数据统计日期（", ex.Message);
    }

    [Fact]
    public async Task Explanation_and_summary_sheets_that_share_a_few_names_are_still_passed_over()
    {
        var path = Xlsx("明细.xlsx", new Dictionary<string, object>
        {
            ["填表说明"] = Explanation, ["缴费明细"] = new[] { Row("工伤保险") }, ["汇总"] = Summary,
        });

        Assert.Empty(Reader().TableSheetsOf(Source(), path));
        var record = Assert.Single(await ReadAllAsync(path));
        Assert.True(record.IsValid, string.Join("; ", record.Issues));
    }

    [Fact]
    public async Task A_legacy_workbook_with_a_sheet_missing_two_columns_is_rejected_the_same_way()
    {
        object?[] table = [.. Columns];
        object?[] nearly = [.. Columns.Where(c => c is not ("参保人数" or "缴费状态"))];
        object?[] cells = ["赣州恒通物流有限公司", GoodUscc, "工伤保险", "202609", 30, 100, 100, 0, "正常", "2026-10-10"];
        var path = Write("分险种.xls",
            new Sheet("工伤", [table, cells]),
            new Sheet("汇总", [["险种", "参保人数", "应缴金额", "实缴金额", "欠缴金额"], ["工伤保险", 30, 100, 100, 0]]),
            new Sheet("失业", [nearly]));

        var ex = Assert.Throws<SourceFileUnreadableException>(() => Reader().TableSheetsOf(Source(), path));

        Assert.StartsWith("工作簿 分险种.xls 的工作表“失业”缺少必需的列：参保人数/缴费人数/参保职工人数、缴费状态（", ex.Message);
        await Assert.ThrowsAsync<SourceFileUnreadableException>(() => ReadAllAsync(path));
    }
}
