using System.Text.Json;
using GanXian.CreditHub.Collect;
using GanXian.CreditHub.Exchange;
using MiniExcelLibs;
using static GanXian.CreditHub.Tests.Collect.CollectTestKit;
using static GanXian.CreditHub.Tests.Collect.XlsFixtures;

namespace GanXian.CreditHub.Tests.Collect;

/// <summary>Legacy Excel workbooks (.xls, Office 97–2003) read as the XLSX exports are.</summary>
public class XlsFileTests
{
    private static readonly object?[] HeaderRow = Header.Split(',');

    private static object?[] Contribution(string? name, string type, object period, object statDate, string uscc = GoodUscc) =>
        Row(name, uscc, type, period, 12, 10000.5, 8000, 2000.5, "欠缴", statDate);

    [Fact]
    public async Task A_contribution_export_is_read_below_its_title_with_numbers_periods_dates_and_a_merged_name()
    {
        // As the social-insurance system writes it with HSSF: a title and the issuing unit above the table, the credit
        // code as text, amounts as numbers, one period as text and one as a number, a date cell, a blank row, the
        // employer's name merged down over its two rows, and a totals row.
        var path = Write("缴费明细_202610.xls", new Sheet("缴费明细",
        [
            Row("赣县区2026年10月单位社会保险费缴费明细表"),
            Row("制表单位：赣县区社会保险事业管理中心"),
            null,
            HeaderRow,
            Contribution("赣州宏达稀土新材料有限公司", "企业职工基本养老保险", "2026-10", new DateTime(2026, 11, 10)),
            Row("", "", null, "  "),
            Contribution("赣州恒通物流有限公司", "工伤保险", 202610, "2026-11-10", "91360721MA35XW0L6N"),
            Contribution(null, "失业保险", 202610, new DateTime(2026, 11, 10), "91360721MA35XW0L6N"),
            Row("合计", null, null, null, 36, 30001.5, 24000, 6001.5),
        ], "A7:A8"));

        var records = await ReadAllAsync(path);

        Assert.Equal([(5L, false), (7L, false), (8L, false), (9L, true)], records.Select(r => (r.Source.Row, r.IsSummaryRow)));
        Assert.All(records.Take(3), r => Assert.True(r.IsValid, string.Join("; ", r.Issues)));
        Assert.Equal(["赣州宏达稀土新材料有限公司", "赣州恒通物流有限公司", "赣州恒通物流有限公司"], records.Take(3).Select(r => r.Data!["DWMC"]!.GetValue<string>()));
        Assert.Equal([GoodUscc, "91360721MA35XW0L6N", "91360721MA35XW0L6N"], records.Take(3).Select(r => r.Data!["TYSHXYDM"]!.GetValue<string>()));
        Assert.All(records.Take(3), r => Assert.Equal("202610", r.Data!["FKSSQ"]!.GetValue<string>()));
        Assert.All(records.Take(3), r => Assert.Equal("2026-11-10", r.Data!["TJRQ"]!.GetValue<string>()));
        Assert.Equal(["110", "410", "210"], records.Take(3).Select(r => r.Data!["XZLX"]!.GetValue<string>()));
        var first = records[0];
        Assert.Equal(12L, first.Data!["CBRS"]!.GetValue<long>());
        Assert.Equal(10000.5m, first.Data["YJJE"]!.GetValue<decimal>());
        Assert.Equal(2000.5m, first.Data["QJJE"]!.GetValue<decimal>());
        // The officer's view of the cells: whole numbers without ".0", the number period as digits, the date as a date.
        Assert.Equal(("12", "8000", "2026-10", "2026-11-10"), (first.Original["参保人数"], first.Original["实缴金额"], first.Original["费款所属期"], first.Original["统计日期"]));
        Assert.Equal("202610", records[1].Original["费款所属期"]);
    }

    [Fact]
    public async Task An_amount_stored_with_binary_noise_is_read_as_excel_shows_it()
    {
        var path = Write("缴费.xls", new Sheet("Sheet1", [HeaderRow, Row("赣州宏达稀土新材料有限公司", GoodUscc, "失业保险", 202610, 12, 3803.7900000000004, 3803.7900000000004, 0, "正常", "2026-11-10")]));

        var record = Assert.Single(await ReadAllAsync(path));

        Assert.True(record.IsValid, string.Join("; ", record.Issues));
        Assert.Equal("3803.79", record.Original["应缴金额"]);
        Assert.Equal(3803.79m, record.Data!["SJJE"]!.GetValue<decimal>());
    }

    [Fact]
    public void The_reader_reports_the_workbook_format_and_the_header_without_trailing_blank_cells()
    {
        var path = Write("缴费.xls", new Sheet("Sheet1", [Row([.. HeaderRow, "", " "]), Contribution("赣州宏达稀土新材料有限公司", "失业保险", 202610, "2026-11-10")]));

        Assert.Equal("xlsx", TabularFiles.FormatOf(path));
        using var file = TabularFiles.Open(path, null, Registry.Find("SHBX_JFXX.json")!.HeaderProbe);
        Assert.Equal("xlsx", file.Format);
        Assert.Equal(Header.Split(','), file.Headers);
    }

    [Fact]
    public async Task The_sheet_with_the_table_is_read_when_the_workbook_opens_with_an_explanation()
    {
        var path = Write("缴费.xls",
            new Sheet("填表说明", [Row("说明"), Row("本表由社保业务系统导出，金额单位：元")]),
            new Sheet("缴费明细", [HeaderRow, Contribution("赣州宏达稀土新材料有限公司", "失业保险", 202610, "2026-11-10")]));

        var record = Assert.Single(await ReadAllAsync(path));

        Assert.True(record.IsValid, string.Join("; ", record.Issues));
        Assert.Equal(2, record.Source.Row);
    }

    [Fact]
    public async Task A_workbook_with_the_table_on_two_sheets_lists_both_and_each_is_read()
    {
        var path = Write("分险种.xls",
            new Sheet("填表说明", [Row("金额单位：元")]),
            new Sheet("工伤", [HeaderRow, Contribution("赣州宏达稀土新材料有限公司", "工伤保险", 202610, "2026-11-10")]),
            new Sheet("汇总", [Row("险种", "合计"), Row("工伤保险", 100)]),
            new Sheet("失业", [HeaderRow, Contribution("赣州宏达稀土新材料有限公司", "失业保险", 202610, "2026-11-10")]));

        Assert.Equal(["工伤", "失业"], Reader().TableSheetsOf(Source(), path));
        var unemployment = Assert.Single(await ReadAllAsync(path, sheet: "失业"));
        Assert.Equal(("失业保险", 2L), (unemployment.Original["险种类型"], unemployment.Source.Row));
        Assert.True(unemployment.IsValid, string.Join("; ", unemployment.Issues));
        Assert.Equal("工伤保险", Assert.Single(await ReadAllAsync(path, sheet: "工伤")).Original["险种类型"]);

        var ex = await Assert.ThrowsAsync<SourceFileUnreadableException>(() => ReadAllAsync(path));
        Assert.Equal("分险种.xls", ex.File);
        Assert.Contains("2 个工作表含完整的表头（工伤、失业）", ex.Message);
    }

    [Fact]
    public async Task A_missing_column_is_named_as_for_an_xlsx()
    {
        var path = Write("缺列.xls", new Sheet("Sheet1", [Row("缴费明细表"), Row([.. HeaderRow.Where(h => (string)h! != "参保人数")])]));

        var ex = await Assert.ThrowsAsync<SourceFileUnreadableException>(() => ReadAllAsync(path));

        Assert.Contains("参保人数", ex.Message);
        Assert.Contains("文件中的列：单位名称", ex.Message);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.1)]
    public async Task A_truncated_workbook_is_unreadable_naming_the_file(double keep)
    {
        var bytes = Bytes(new Sheet("缴费明细", [HeaderRow, Contribution("赣州宏达稀土新材料有限公司", "失业保险", 202610, "2026-11-10")]));
        var path = WriteFile("未复制完.xls", bytes[..(int)(bytes.Length * keep)]);

        var ex = await Assert.ThrowsAsync<SourceFileUnreadableException>(() => ReadAllAsync(path));

        Assert.Equal("未复制完.xls", ex.File);
        Assert.Contains("文件 未复制完.xls 是旧版 Excel（.xls）格式，但文件已损坏或不完整", ex.Message);
    }

    [Fact]
    public async Task A_compound_file_that_is_only_a_header_is_unreadable_as_damaged()
    {
        byte[] ole2 = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]];

        var ex = await Assert.ThrowsAsync<SourceFileUnreadableException>(() => ReadAllAsync(WriteFile("缴费.xls", ole2)));

        Assert.Contains("已损坏或不完整", ex.Message);
        Assert.Contains("重新导出", ex.Message);
    }

    [Fact]
    public async Task A_workbook_with_an_open_password_is_unreadable_with_what_to_do()
    {
        var bytes = WithOpenPassword(Bytes(new Sheet("缴费明细", [HeaderRow, Contribution("赣州宏达稀土新材料有限公司", "失业保险", 202610, "2026-11-10")])));

        var ex = await Assert.ThrowsAsync<SourceFileUnreadableException>(() => ReadAllAsync(WriteFile("加密.xls", bytes)));

        Assert.Contains("文件 加密.xls 设置了打开密码", ex.Message);
        Assert.Contains("取消“用密码进行加密”", ex.Message);
    }

    [Fact]
    public async Task A_word_document_renamed_xls_is_unreadable_as_not_a_workbook()
    {
        var ex = await Assert.ThrowsAsync<SourceFileUnreadableException>(() => ReadAllAsync(WriteFile("缴费明细.xls", WordDocument())));

        Assert.Contains("文件 缴费明细.xls 是 Office 复合文档，但其中没有可读取的 Excel 工作簿", ex.Message);
    }

    [Theory]
    [InlineData("社保缴费_202608.xls")]
    [InlineData("社保缴费_202608.csv")]
    public async Task The_xlsx_sample_saved_as_xls_gives_the_same_records(string name)
    {
        // The sample inbox's workbook, cell by cell into a legacy workbook (numbers as numbers, 统计日期 as a date cell):
        // every record, accepted or quarantined, must come out as from the XLSX, whatever the file is called.
        var xlsx = Path.Combine(RepoRoot, "samples", "inbox", "shbx-jfxx", "社保缴费_202608.xlsx");
        object?[]?[] rows = [.. MiniExcel.Query(xlsx, useHeaderRow: false).Select(r => (object?[])[.. ((IDictionary<string, object?>)r).Values])];
        var xls = Write(name, new Sheet("Sheet1", rows));

        var expected = await ReadAllAsync(xlsx);
        var actual = await ReadAllAsync(xls);

        Assert.Equal(100, actual.Count);
        Assert.Single(actual, r => !r.IsValid);
        Assert.Equal(expected.Select(Summary), actual.Select(Summary));
    }

    private static string Summary(CollectedRecord r) => JsonSerializer.Serialize(new
    {
        r.Source.Row, r.RecordId, r.IsValid, r.IsSummaryRow, Data = r.Data?.ToJsonString(), Issues = r.Issues.Select(i => $"{i.Field} {i.Rule} {i.Message}"), r.Original,
    });
}
