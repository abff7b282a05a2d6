using System.IO.Compression;
using System.Text;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Collect;
using MiniExcelLibs;
using static GanXian.CreditHub.Tests.Collect.CollectTestKit;

namespace GanXian.CreditHub.Tests.Collect;

public class SourceFileReaderTests
{
    private static readonly string Csv = Header + "\r\n" + GoodRow + "\r\n";

    [Theory]
    [InlineData("utf-8", false)]
    [InlineData("utf-8", true)]
    [InlineData("gbk", false)]
    [InlineData("gb18030", false)]
    public async Task Reads_every_encoding_by_detection(string encodingName, bool bom)
    {
        var encoding = encodingName == "utf-8" ? new UTF8Encoding(false) : Encoding.GetEncoding(encodingName);
        var path = WriteText("export.csv", Csv, encoding, bom);

        var records = await ReadAllAsync(path);

        var record = Assert.Single(records);
        Assert.True(record.IsValid, string.Join("; ", record.Issues));
        Assert.Equal("赣州宏达稀土新材料有限公司", record.Data!["DWMC"]!.GetValue<string>());
        Assert.Equal("110", record.Data["XZLX"]!.GetValue<string>());
        Assert.Equal(new SourceLocation("export.csv", 2), record.Source);
    }

    [Fact]
    public async Task Declared_encoding_that_does_not_fit_is_unreadable_up_front()
    {
        var path = WriteText("gbk.csv", Csv, Gbk);

        var ex = await Assert.ThrowsAsync<SourceFileUnreadableException>(() => ReadAllAsync(path, encoding: "utf-8"));

        Assert.Equal("gbk.csv", ex.File);
        Assert.Contains("UTF-8", ex.Message);
    }

    [Fact]
    public async Task Declared_gbk_reads_gbk()
    {
        var path = WriteText("gbk.csv", Csv, Gbk);
        Assert.True(Assert.Single(await ReadAllAsync(path, encoding: "gbk")).IsValid);
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("gbk")]
    public async Task Files_larger_than_the_detection_prefix_are_read_to_the_end(string encodingName)
    {
        // Rows of different lengths so that some multi-byte character straddles the 64 KiB prefix boundary.
        var builder = new StringBuilder(Header + "\r\n");
        var rows = 0;
        while (builder.Length < 120_000)
        {
            builder.Append(GoodRow.Replace("宏达", new string('达', rows % 7 + 1))).Append("\r\n");
            rows++;
        }

        var encoding = encodingName == "utf-8" ? new UTF8Encoding(false) : Gbk;
        var records = await ReadAllAsync(WriteText("large.csv", builder.ToString(), encoding));

        Assert.Equal(rows, records.Count);
        Assert.All(records, r => Assert.True(r.IsValid));
        Assert.Equal(rows + 1, records[^1].Source.Row);
    }

    [Fact]
    public async Task Wrong_bytes_after_the_checked_prefix_fail_mid_stream_not_as_mojibake()
    {
        // 70 KB of valid UTF-8 rows, then one row in GBK: detection sees UTF-8, the strict decoder catches the rest.
        var builder = new StringBuilder(Header + "\r\n");
        while (builder.Length < 30_000)
        {
            builder.Append(GoodRow).Append("\r\n");
        }

        var bytes = new List<byte>(Encoding.UTF8.GetBytes(builder.ToString()));
        bytes.AddRange(Gbk.GetBytes(GoodRow.Replace("宏达", "鑫源") + "\r\n"));
        var path = WriteFile("mixed.csv", [.. bytes]);

        var ex = await Assert.ThrowsAsync<SourceFileUnreadableException>(() => ReadAllAsync(path));
        Assert.Contains("编码", ex.Message);
    }

    [Fact]
    public async Task Quoted_fields_embedded_newlines_crlf_and_blank_lines_keep_spreadsheet_row_numbers()
    {
        var text = Header + ",备注\r\n"
                   + GoodRow + ",\"第一行\r\n第二行，含\"\"引号\"\"\"\r\n"
                   + "\r\n"
                   + "\"赣州客家食品有限公司，赣县分公司\",91350100M000100Y43,失业保险,202610,12,\"1,000.00\",1000.00,0.00,正常,2026/11/10,\r\n"
                   + "\r\n\r\n   \r\n";
        var path = WriteText("quoted.csv", text, new UTF8Encoding(false));

        var records = await ReadAllAsync(path);

        Assert.Equal(2, records.Count);
        Assert.Equal("第一行\r\n第二行，含\"引号\"", records[0].Original["备注"]);
        Assert.Equal(2, records[0].Source.Row);
        Assert.Equal(4, records[1].Source.Row);
        Assert.Equal("赣州客家食品有限公司，赣县分公司", records[1].Data!["DWMC"]!.GetValue<string>());
        Assert.Equal(1000.00m, records[1].Data!["YJJE"]!.GetValue<decimal>());
        Assert.Equal("2026-11-10", records[1].Data!["TJRQ"]!.GetValue<string>());
        Assert.All(records, r => Assert.True(r.IsValid, string.Join("; ", r.Issues)));
    }

    [Fact]
    public async Task Full_width_headers_and_values_are_normalised()
    {
        var text = "\uFEFF 单位名称 ,统一社会信用代码,险种类型,费款所属期,参保人数,应缴金额（元）,实缴金额（元）,欠缴金额（元）,缴费状态,统计日期\n"
                   + "赣州鑫源商贸有限公司,９１３５０１００Ｍ０００１００Ｙ４３,２１０,２０２６１０,１２,１０００．５０,１０００．５０,０,正常,２０２６－１１－１０\n";
        var path = WriteText("fullwidth.csv", text, new UTF8Encoding(false));

        var record = Assert.Single(await ReadAllAsync(path));

        Assert.True(record.IsValid, string.Join("; ", record.Issues));
        Assert.Equal(GoodUscc, record.Data!["TYSHXYDM"]!.GetValue<string>());
        Assert.Equal("202610", record.Data["FKSSQ"]!.GetValue<string>());
        Assert.Equal(12L, record.Data["CBRS"]!.GetValue<long>());
        Assert.Equal(1000.50m, record.Data["SJJE"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Missing_required_column_is_unreadable_naming_the_column()
    {
        var path = WriteText("short.csv", Header.Replace(",参保人数", "") + "\r\n", new UTF8Encoding(false));

        var ex = await Assert.ThrowsAsync<SourceFileUnreadableException>(() => ReadAllAsync(path));

        Assert.Contains("参保人数", ex.Message);
        Assert.Contains("short.csv", ex.Message);
    }

    [Fact]
    public async Task A_file_that_is_not_a_table_is_unreadable()
    {
        var random = new Random(7);
        var bytes = new byte[5000];
        random.NextBytes(bytes);
        var path = WriteFile("photo.csv", bytes);

        await Assert.ThrowsAsync<SourceFileUnreadableException>(() => ReadAllAsync(path));
    }

    [Fact]
    public async Task Empty_file_is_unreadable()
    {
        await Assert.ThrowsAsync<SourceFileUnreadableException>(() => ReadAllAsync(WriteFile("empty.csv", [])));
    }

    [Fact]
    public async Task Bad_rows_are_reported_and_the_good_rows_around_them_continue()
    {
        var text = Header + "\n" + GoodRow + "\n"
                   + GoodRow.Replace("202610", "202610").Replace(",12,", ",十二,") + "\n"
                   + GoodRow.Replace("企业职工基本养老保险", "失业保险") + "\n";
        var records = await ReadAllAsync(WriteText("mixed.csv", text, new UTF8Encoding(false)));

        Assert.Equal([true, false, true], records.Select(r => r.IsValid));
        var issue = Assert.Single(records[1].Issues);
        Assert.Equal(("CBRS", "参保人数", "INVALID_INTEGER"), (issue.Field, issue.SourceColumn, issue.Rule));
        Assert.Equal("十二", records[1].Original["参保人数"]);
        Assert.Equal(3, records[1].Source.Row);
    }

    [Fact]
    public async Task Xlsx_is_read_with_numbers_and_dates_as_an_officer_sees_them()
    {
        var path = Path.Combine(Path.GetDirectoryName(WriteFile("x.txt", []))!, "export.xlsx");
        var rows = new[]
        {
            new Dictionary<string, object>
            {
                ["单位名称"] = "赣州恒通物流有限公司", ["统一社会信用代码"] = GoodUscc, ["险种类型"] = "工伤保险", ["费款所属期"] = 202609,
                ["参保人数"] = 30, ["应缴金额"] = 1234.5m, ["实缴金额"] = 1234.5m, ["欠缴金额"] = 0, ["缴费状态"] = "正常",
                ["统计日期"] = new DateTime(2026, 10, 10),
            },
        };
        MiniExcel.SaveAs(path, rows);

        var record = Assert.Single(await ReadAllAsync(path));

        Assert.True(record.IsValid, string.Join("; ", record.Issues));
        Assert.Equal("410", record.Data!["XZLX"]!.GetValue<string>());
        Assert.Equal("202609", record.Data["FKSSQ"]!.GetValue<string>());
        Assert.Equal(1234.5m, record.Data["YJJE"]!.GetValue<decimal>());
        Assert.Equal("2026-10-10", record.Data["TJRQ"]!.GetValue<string>());
        Assert.Equal(2, record.Source.Row);
    }

    [Fact]
    public async Task Title_lines_above_the_header_are_skipped_and_a_totals_row_is_not_a_record()
    {
        // As the social-insurance system prints it: a title, the issuing unit, the table, a totals row.
        var text = "赣县区2026年10月单位社会保险费缴费明细表\r\n"
                   + "制表单位：赣县区社会保险事业管理中心,,,,,,,,,\r\n"
                   + "\r\n"
                   + Header + "\r\n" + GoodRow + "\r\n"
                   + GoodRow.Replace("企业职工基本养老保险", "失业保险") + "\r\n"
                   + "合  计：,,,,24,\"2,000.00\",2000.00,0.00,,\r\n";
        var records = await ReadAllAsync(WriteText("titled.csv", text, Gbk));

        Assert.Equal([(5L, false), (6L, false), (7L, true)], records.Select(r => (r.Source.Row, r.IsSummaryRow)));
        Assert.All(records.Take(2), r => Assert.True(r.IsValid, string.Join("; ", r.Issues)));
        Assert.Equal("赣州宏达稀土新材料有限公司", records[0].Data!["DWMC"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_header_repeated_inside_the_table_is_skipped_not_quarantined()
    {
        // Two exports pasted into one file: the second one's header (here with its spacing) sits between the rows.
        var second = GoodRow.Replace("202610", "202611");
        var text = Header + "\n" + GoodRow + "\n" + Header.Replace("统一社会信用代码", " 统一社会信用代码 ") + "\n" + second + "\n";
        var records = await ReadAllAsync(WriteText("pasted.csv", text, new UTF8Encoding(false)));

        Assert.Equal([(2L, false), (3L, true), (4L, false)], records.Select(r => (r.Source.Row, r.IsRepeatedHeader)));
        Assert.True(records[2].IsValid, string.Join("; ", records[2].Issues));
        Assert.Empty(records[1].Issues);
    }

    [Fact]
    public async Task A_row_with_a_business_key_is_a_record_even_when_it_starts_with_a_totals_word()
    {
        var text = Header + "\n" + GoodRow.Replace("赣州宏达稀土新材料有限公司", "合计") + "\n" + "合计,,,,,,,,,\n" + "小计说明,,,,,,,,,\n";
        var records = await ReadAllAsync(WriteText("totals.csv", text, new UTF8Encoding(false)));

        Assert.Equal([false, true, false], records.Select(r => r.IsSummaryRow));
        Assert.True(records[0].IsValid, string.Join("; ", records[0].Issues));
        Assert.Contains(records[2].Issues, i => i.Rule == "MISSING_RECORD_KEY");
    }

    [Theory]
    [InlineData('\t')]
    [InlineData(';')]
    [InlineData('|')]
    public async Task Other_delimiters_are_detected_from_the_header_even_below_a_title(char delimiter)
    {
        var text = "缴费明细（导出）\n" + Header.Replace(',', delimiter) + "\n" + GoodRow.Replace(',', delimiter) + "\n";
        var record = Assert.Single(await ReadAllAsync(WriteText("export.txt", text, new UTF8Encoding(false))));

        Assert.True(record.IsValid, string.Join("; ", record.Issues));
        Assert.Equal(3, record.Source.Row);
    }

    [Fact]
    public void The_delimiter_is_the_one_that_splits_a_top_line_most_ignoring_quotes()
    {
        Assert.Equal(',', CsvFile.DetectDelimiter("a;b,c,d\n1;2,3,4\n"));
        Assert.Equal(';', CsvFile.DetectDelimiter("\"x,y,z,w\";b;c\n"));
        Assert.Equal('\t', CsvFile.DetectDelimiter("标题\n列一\t列二\t列三\n"));
        Assert.Equal(',', CsvFile.DetectDelimiter("只有一列\n"));
    }

    [Fact]
    public async Task Missing_columns_are_named_against_the_likeliest_header_row_not_the_title()
    {
        var text = "缴费明细表\n" + Header.Replace(",参保人数", "") + "\n" + GoodRow + "\n";
        var ex = await Assert.ThrowsAsync<SourceFileUnreadableException>(() => ReadAllAsync(WriteText("short.csv", text, new UTF8Encoding(false))));

        Assert.Contains("参保人数", ex.Message);
        Assert.Contains("文件中的列：单位名称", ex.Message);
    }

    [Fact]
    public async Task Xlsx_title_rows_above_the_header_are_skipped()
    {
        var path = Path.Combine(Path.GetDirectoryName(WriteFile("x.txt", []))!, "titled.xlsx");
        var rows = new[]
        {
            XlsxRow("赣县区2026年9月缴费明细"),
            XlsxRow("打印日期：2026-10-10"),
            XlsxRow("单位名称", "统一社会信用代码", "险种类型", "费款所属期", "参保人数", "应缴金额", "实缴金额", "欠缴金额", "缴费状态", "统计日期"),
            XlsxRow("赣州恒通物流有限公司", GoodUscc, "工伤保险", 202609, 30, 1234.5m, 1234.5m, 0, "正常", new DateTime(2026, 10, 10)),
            XlsxRow("合计", "", "", "", 30, 1234.5m, 1234.5m, 0),
        };
        MiniExcel.SaveAs(path, rows, printHeader: false);

        var records = await ReadAllAsync(path);

        Assert.Equal([(4L, false), (5L, true)], records.Select(r => (r.Source.Row, r.IsSummaryRow)));
        Assert.True(records[0].IsValid, string.Join("; ", records[0].Issues));
        Assert.Equal("410", records[0].Data!["XZLX"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_two_level_header_is_read_as_one()
    {
        // The amounts grouped under one label, the other names merged down over both header rows (exported blank).
        var text = "单位缴费明细表\r\n"
                   + "单位名称,统一社会信用代码,险种类型,费款所属期,参保人数,缴费金额（元）,,,缴费状态,统计日期\r\n"
                   + ",,,,,应缴金额,实缴金额,欠缴金额,,\r\n"
                   + GoodRow + "\r\n";
        var record = Assert.Single(await ReadAllAsync(WriteText("two-level.csv", text, Gbk)));

        Assert.True(record.IsValid, string.Join("; ", record.Issues));
        Assert.Equal(4, record.Source.Row);
        Assert.Equal(10000.00m, record.Data!["YJJE"]!.GetValue<decimal>());
        Assert.Equal(2000.00m, record.Data!["QJJE"]!.GetValue<decimal>());
    }

    [Fact]
    public void Header_rows_merge_with_the_lower_row_first_and_a_single_complete_row_wins()
    {
        Assert.Equal(["单位名称", "应缴金额", "实缴金额", "备注"], TabularFiles.MergeHeaderRows(["单位名称", "缴费金额", "", "备注"], ["", "应缴金额", "实缴金额"]));

        var probe = CollectTestKit.Registry.Find("SHBX_JFXX.json")!.HeaderProbe;
        string[] complete = CollectTestKit.Header.Split(',');
        string[] upper = [.. complete.Select(c => c.EndsWith("金额", StringComparison.Ordinal) ? "" : c)];
        string[] lower = [.. complete.Select(c => c.EndsWith("金额", StringComparison.Ordinal) ? c : "")];
        var single = TabularFiles.PickHeader([["标题"], complete, lower], probe);
        Assert.Equal(1, single.At);
        Assert.Equal(complete, single.Cells);
        var merged = TabularFiles.PickHeader([["标题"], upper, lower], probe);
        Assert.Equal(2, merged.At);
        Assert.Equal(complete, merged.Cells);
        // Neither alone nor together: the row naming the most required columns, for the error message.
        Assert.Equal(1, TabularFiles.PickHeader([["标题"], upper, ["说明"]], probe).At);
    }

    [Fact]
    public async Task An_xlsx_two_level_header_is_read_as_one()
    {
        var path = Path.Combine(Path.GetDirectoryName(WriteFile("x.txt", []))!, "two-level.xlsx");
        var rows = new[]
        {
            XlsxRow("赣县区2026年9月缴费明细"),
            XlsxRow("单位名称", "统一社会信用代码", "险种类型", "费款所属期", "参保人数", "缴费金额（元）", "", "", "缴费状态", "统计日期"),
            XlsxRow("", "", "", "", "", "应缴金额", "实缴金额", "欠缴金额"),
            XlsxRow("赣州恒通物流有限公司", GoodUscc, "工伤保险", 202609, 30, 1234.5m, 1000m, 234.5m, "欠缴", new DateTime(2026, 10, 10)),
        };
        MiniExcel.SaveAs(path, rows, printHeader: false);

        var record = Assert.Single(await ReadAllAsync(path));

        Assert.True(record.IsValid, string.Join("; ", record.Issues));
        Assert.Equal(4, record.Source.Row);
        Assert.Equal(234.5m, record.Data!["QJJE"]!.GetValue<decimal>());
        Assert.Equal("赣州恒通物流有限公司", record.Data!["DWMC"]!.GetValue<string>());
    }

    [Fact]
    public async Task Xlsx_merged_cells_read_as_their_value_and_a_merged_totals_label_is_still_a_totals_row()
    {
        // An officer's sheet: the employer's name and credit code merged down over its insurance rows, "合计" merged
        // across the first four columns.
        var path = Path.Combine(Path.GetDirectoryName(WriteFile("x.txt", []))!, "merged.xlsx");
        var rows = new[]
        {
            XlsxRow("单位名称", "统一社会信用代码", "险种类型", "费款所属期", "参保人数", "应缴金额", "实缴金额", "欠缴金额", "缴费状态", "统计日期"),
            XlsxRow("赣州恒通物流有限公司", GoodUscc, "工伤保险", 202609, 30, 100m, 100m, 0, "正常", "2026-10-10"),
            XlsxRow("", "", "失业保险", 202609, 30, 200m, 200m, 0, "正常", "2026-10-10"),
            XlsxRow("", "", "生育保险", 202609, 30, 300m, 300m, 0, "正常", "2026-10-10"),
            XlsxRow("合计", "", "", "", 90, 600m, 600m, 0),
        };
        MiniExcel.SaveAs(path, rows, printHeader: false);
        MergeCells(path, "A2:A4", "B2:B4", "A5:D5");

        var records = await ReadAllAsync(path);

        Assert.Equal([(2L, false), (3L, false), (4L, false), (5L, true)], records.Select(r => (r.Source.Row, r.IsSummaryRow)));
        Assert.All(records.Take(3), r =>
        {
            Assert.True(r.IsValid, string.Join("; ", r.Issues));
            Assert.Equal("赣州恒通物流有限公司", r.Data!["DWMC"]!.GetValue<string>());
            Assert.Equal(GoodUscc, r.Data!["TYSHXYDM"]!.GetValue<string>());
        });
        Assert.Equal(["410", "210", "510"], records.Take(3).Select(r => r.Data!["XZLX"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_totals_label_repeated_into_the_key_cells_is_a_totals_row_but_a_key_of_its_own_is_a_record()
    {
        // XZCF is keyed by text fields (decision number and name), so a merged "合计" gives the row a key made of labels.
        const string header = "行政相对人名称,行政相对人类别,统一社会信用代码,行政处罚决定书文号,违法行为类型,违法事实,处罚依据,处罚类别,处罚内容,罚款金额(元),处罚决定日期,处罚有效期";
        const string penalty = "赣州恒通物流有限公司,法人,91350100M000100Y43,赣县人社监罚〔2026〕12号,拖欠劳动者工资,拖欠工资,《劳动保障监察条例》第二十六条,罚款,罚款2000元,2000,2026-11-10,2027-11-09";
        var text = header + "\n" + penalty + "\n"
                   + penalty.Replace("赣州恒通物流有限公司", "合计") + "\n"
                   + "合计,合计,合计,合计,,,,,,2000,,\n";
        var path = WriteText("penalties.csv", text, new UTF8Encoding(false));
        var records = new List<CollectedRecord>();
        await foreach (var r in Reader().ReadAsync(new SourceDefinition("xzcf", "XZCF", "inbox", "archive", "rejected", "XZCF.json", null), path, null, CancellationToken.None))
        {
            records.Add(r);
        }

        Assert.Equal([(2L, false), (3L, false), (4L, true)], records.Select(r => (r.Source.Row, r.IsSummaryRow)));
        Assert.All(records.Take(2), r => Assert.True(r.IsValid, string.Join("; ", r.Issues)));
    }

    [Theory]
    [InlineData("罚款金额(元)", "2000", 0.2)]
    [InlineData("罚款金额（万元）", "0.2", 0.2)]
    public async Task A_penalty_export_of_the_national_template_is_read_with_its_amounts_in_wan_yuan(string column, string amount, double wan)
    {
        // The national 双公示 template names the identifiers 行政相对人代码_1(统一社会信用代码) … and gives amounts in 万元,
        // which must not be divided again; the labour-inspection system's own export gives them in yuan.
        var header = "行政相对人名称,行政相对人类别,行政相对人代码_1(统一社会信用代码),行政相对人代码_3(组织机构代码),行政处罚决定书文号,违法行为类型,违法事实,处罚依据,处罚类别,处罚内容,"
                     + column + ",处罚决定日期,处罚有效期";
        var row = $"赣州恒通物流有限公司,法人及非法人组织,91350100M000100Y43,M000100Y4,赣县人社监罚〔2026〕12号,拖欠劳动者工资,拖欠工资,《劳动保障监察条例》第二十六条,罚款,罚款2000元,{amount},2026-11-10,2027-11-09";
        var path = WriteText("penalties.csv", header + "\n" + row + "\n", new UTF8Encoding(false));
        var records = new List<CollectedRecord>();
        await foreach (var r in Reader().ReadAsync(new SourceDefinition("xzcf", "XZCF", "inbox", "archive", "rejected", "XZCF.json", null), path, null, CancellationToken.None))
        {
            records.Add(r);
        }

        var record = Assert.Single(records);
        Assert.True(record.IsValid, string.Join("; ", record.Issues));
        Assert.Equal((decimal)wan, record.Data!["CF_NR_FK"]!.GetValue<decimal>());
        Assert.Equal("91350100M000100Y43", record.Data!["CF_XDR_SHXYM"]!.GetValue<string>());
        Assert.Equal("M000100Y4", record.Data!["CF_XDR_ZZJG"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cells_written_as_excel_text_formulas_read_as_their_text()
    {
        // ="…" keeps Excel from turning long numbers into 9.13501E+17; some exports quote the whole cell as well.
        var row = GoodRow.Replace("91350100M000100Y43", "=\"91350100M000100Y43\"").Replace(",202610,", ",\"=\"\"202610\"\"\",");
        var record = Assert.Single(await ReadAllAsync(WriteText("formula.csv", Header + "\n" + row + "\n", new UTF8Encoding(false))));

        Assert.True(record.IsValid, string.Join("; ", record.Issues));
        Assert.Equal("91350100M000100Y43", record.Data!["TYSHXYDM"]!.GetValue<string>());
        Assert.Equal("202610", record.Data!["FKSSQ"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_quote_or_a_tab_that_keeps_excel_from_reading_a_number_is_not_part_of_the_value()
    {
        var row = GoodRow.Replace("91350100M000100Y43", "'91350100M000100Y43").Replace(",202610,", ",\"\t202610\",");
        var record = Assert.Single(await ReadAllAsync(WriteText("marked.csv", Header + "\n" + row + "\n", new UTF8Encoding(false))));

        Assert.True(record.IsValid, string.Join("; ", record.Issues));
        Assert.Equal("91350100M000100Y43", record.Data!["TYSHXYDM"]!.GetValue<string>());
        Assert.Equal("202610", record.Data!["FKSSQ"]!.GetValue<string>());
    }

    [Fact]
    public async Task Column_names_of_other_export_versions_are_recognised()
    {
        const string header = "参保单位名称,单位统一社会信用代码,险种名称,缴费所属期,缴费人数,应缴费额(元),已缴金额（元）,欠费金额,缴费状态,统计时间";
        var record = Assert.Single(await ReadAllAsync(WriteText("other-version.csv", header + "\n" + GoodRow + "\n", Gbk)));

        Assert.True(record.IsValid, string.Join("; ", record.Issues));
        Assert.Equal(12L, record.Data!["CBRS"]!.GetValue<long>());
        Assert.Equal(8000.00m, record.Data!["SJJE"]!.GetValue<decimal>());
        Assert.Equal("赣州宏达稀土新材料有限公司", record.Data!["DWMC"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_export_by_fee_type_and_payment_month_is_recognised()
    {
        // Systems that export by 费种 write 企业职工基本养老保险费 and name the period 缴费年月.
        const string header = "单位名称,统一社会信用代码,险种类型,缴费年月,参保人数,应缴金额,实缴金额,欠缴金额,缴费状态,统计日期";
        var row = GoodRow.Replace("企业职工基本养老保险", "企业职工基本养老保险费").Replace(",202610,", ",2026-10,");
        var record = Assert.Single(await ReadAllAsync(WriteText("by-fee.csv", header + "\n" + row + "\n", Gbk)));

        Assert.True(record.IsValid, string.Join("; ", record.Issues));
        Assert.Equal("110", record.Data!["XZLX"]!.GetValue<string>());
        Assert.Equal("202610", record.Data!["FKSSQ"]!.GetValue<string>());
    }

    [Fact]
    public async Task Notes_under_the_table_are_not_records_but_a_keyless_row_that_only_looks_like_one_is()
    {
        var text = Header + "\r\n" + GoodRow + "\r\n"
                   + "合计,,,,12,10000.00,8000.00,2000.00,,\r\n"
                   + "注：1. 本表数据截至2026年10月31日；2. 金额单位为元。,,,,,,,,,\r\n"
                   + "制表人：张三,,审核人：李四,,,,,制表日期：2026-11-30,,\r\n"
                   + "注塑制品有限公司,,失业保险,202610,3,100,100,0,正常,2026-11-10\r\n";
        var records = await ReadAllAsync(WriteText("footer.csv", text, Gbk));

        Assert.Equal([(2L, false), (3L, true), (4L, true), (5L, true), (6L, false)], records.Select(r => (r.Source.Row, r.IsSummaryRow)));
        Assert.True(records[0].IsValid, string.Join("; ", records[0].Issues));
        // No credit code, so no key: a record with issues (quarantined), not a note to skip.
        Assert.Contains(records[4].Issues, i => i.Rule == "MISSING_RECORD_KEY");
    }

    [Theory]
    [InlineData("2026.11.10", "2026.9")]
    [InlineData("2026-1-5", "2026-9")]
    [InlineData("2026/11/10", "2026/09")]
    public async Task Dates_with_dots_or_without_leading_zeros_are_read(string statDate, string period)
    {
        var row = GoodRow.Replace("2026-11-10", statDate).Replace(",202610,", $",{period},");
        var record = Assert.Single(await ReadAllAsync(WriteText("dates.csv", Header + "\n" + row + "\n", new UTF8Encoding(false))));

        Assert.True(record.IsValid, string.Join("; ", record.Issues));
        Assert.Equal(DateOnly.Parse(statDate.Replace('.', '-')).ToString("yyyy-MM-dd"), record.Data!["TJRQ"]!.GetValue<string>());
        Assert.Equal("202609", record.Data!["FKSSQ"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("export.xls")]
    [InlineData("export.csv")]
    [InlineData("export")]
    public async Task A_workbook_is_read_as_one_whatever_its_name_says(string name)
    {
        var path = Path.Combine(Path.GetDirectoryName(WriteFile("x.txt", []))!, "real.xlsx");
        MiniExcel.SaveAs(path, new[]
        {
            new Dictionary<string, object>
            {
                ["单位名称"] = "赣州恒通物流有限公司", ["统一社会信用代码"] = GoodUscc, ["险种类型"] = "工伤保险", ["费款所属期"] = "202609",
                ["参保人数"] = 30, ["应缴金额"] = 100, ["实缴金额"] = 100, ["欠缴金额"] = 0, ["缴费状态"] = "正常", ["统计日期"] = "2026-10-10",
            },
        });
        var renamed = Path.Combine(Path.GetDirectoryName(path)!, name);
        File.Move(path, renamed);

        Assert.True(Assert.Single(await ReadAllAsync(renamed)).IsValid);
    }

    [Theory]
    [InlineData("缴费.csv", true)]
    [InlineData("缴费.txt", true)]
    [InlineData("缴费.xlsx", true)]
    [InlineData("~$缴费.xlsx", false)]
    [InlineData(".hidden.csv", false)]
    [InlineData("缴费.csv.part", false)]
    [InlineData("缴费.csv.tmp", false)]
    [InlineData("缴费.csv.处理结果.txt", false)]
    [InlineData("缴费.csv.错误说明.txt", false)]
    public void Inbox_files_that_are_not_exports_are_left_alone(string name, bool candidate) =>
        Assert.Equal(candidate, GanXian.CreditHub.Collect.TabularFiles.IsInboxCandidate(name));

    [Fact]
    public async Task The_sheet_with_the_table_is_read_when_the_workbook_opens_with_an_explanation()
    {
        var path = Path.Combine(Path.GetDirectoryName(WriteFile("x.txt", []))!, "sheets.xlsx");
        var sheets = new Dictionary<string, object>
        {
            ["填表说明"] = new[] { new Dictionary<string, object> { ["说明"] = "本表由社保业务系统导出，金额单位：元" } },
            ["缴费明细"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["单位名称"] = "赣州恒通物流有限公司", ["统一社会信用代码"] = GoodUscc, ["险种类型"] = "工伤保险", ["费款所属期"] = "202609",
                    ["参保人数"] = 30, ["应缴金额"] = 100, ["实缴金额"] = 100, ["欠缴金额"] = 0, ["缴费状态"] = "正常", ["统计日期"] = "2026-10-10",
                },
            },
        };
        MiniExcel.SaveAs(path, sheets);

        var record = Assert.Single(await ReadAllAsync(path));
        Assert.True(record.IsValid, string.Join("; ", record.Issues));
        Assert.Equal(2, record.Source.Row);
    }

    [Fact]
    public async Task A_workbook_with_the_table_on_two_sheets_lists_both_and_each_is_read_with_its_own_rows()
    {
        var path = Path.Combine(Path.GetDirectoryName(WriteFile("x.txt", []))!, "two-sheets.xlsx");
        Dictionary<string, object> Row(string type) => new()
        {
            ["单位名称"] = "赣州恒通物流有限公司", ["统一社会信用代码"] = GoodUscc, ["险种类型"] = type, ["费款所属期"] = "202609",
            ["参保人数"] = 30, ["应缴金额"] = 100, ["实缴金额"] = 100, ["欠缴金额"] = 0, ["缴费状态"] = "正常", ["统计日期"] = "2026-10-10",
        };
        MiniExcel.SaveAs(path, new Dictionary<string, object>
        {
            ["填表说明"] = new[] { new Dictionary<string, object> { ["说明"] = "金额单位：元" } },
            ["工伤"] = new[] { Row("工伤保险") },
            ["汇总"] = new[] { new Dictionary<string, object> { ["险种"] = "工伤保险", ["合计"] = 100 } },
            ["失业"] = new[] { Row("失业保险") },
        });

        Assert.Equal(["工伤", "失业"], Reader().TableSheetsOf(Source(), path));
        var injury = Assert.Single(await ReadAllAsync(path, sheet: "工伤"));
        var unemployment = Assert.Single(await ReadAllAsync(path, sheet: "失业"));
        Assert.Equal(("工伤保险", 2L), (injury.Original["险种类型"], injury.Source.Row));
        Assert.Equal(("失业保险", 2L), (unemployment.Original["险种类型"], unemployment.Source.Row));
        Assert.True(unemployment.IsValid, string.Join("; ", unemployment.Issues));

        // Read without naming a sheet, the workbook is refused rather than read in part.
        var ex = await Assert.ThrowsAsync<SourceFileUnreadableException>(() => ReadAllAsync(path));
        Assert.Contains("2 个工作表含完整的表头（工伤、失业）", ex.Message);
        await Assert.ThrowsAsync<SourceFileUnreadableException>(() => ReadAllAsync(path, sheet: "汇总2"));
    }

    [Fact]
    public void A_workbook_or_csv_with_one_table_lists_no_sheets()
    {
        var csv = WriteText("one.csv", Header + "\n", new UTF8Encoding(false));
        Assert.Empty(Reader().TableSheetsOf(Source(), csv));
        var xlsx = Path.Combine(Path.GetDirectoryName(csv)!, "one.xlsx");
        MiniExcel.SaveAs(xlsx, new Dictionary<string, object>
        {
            ["填表说明"] = new[] { new Dictionary<string, object> { ["说明"] = "金额单位：元" } },
            ["缴费明细"] = new[] { new Dictionary<string, object> { ["单位名称"] = "x" } },
        });
        Assert.Empty(Reader().TableSheetsOf(Source(), xlsx));
    }

    [Fact]
    public async Task A_credit_code_that_excel_turned_into_a_number_says_so()
    {
        var text = Header + "\n" + GoodRow.Replace(GoodUscc, "1.23607E+17") + "\n" + GoodRow.Replace(GoodUscc, "91350100M000100Y44") + "\n";
        var records = await ReadAllAsync(WriteText("excel.csv", text, new UTF8Encoding(false)));

        Assert.Contains("科学计数法", Assert.Single(records[0].Issues, i => i.Field == "TYSHXYDM").Message);
        Assert.DoesNotContain("科学计数法", Assert.Single(records[1].Issues, i => i.Field == "TYSHXYDM").Message);
    }

    [Theory]
    [InlineData("<html><head><meta charset=\"utf-8\"></head><body><table><tr><td>单位名称</td></tr></table></body></html>")]
    [InlineData("\uFEFF  <?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"></Workbook>")]
    [InlineData("<table border=1><tr><th>单位名称</th></tr></table>")]
    public async Task A_web_page_or_excel_2003_xml_named_xls_is_unreadable_with_what_to_do(string content)
    {
        var ex = await Assert.ThrowsAsync<SourceFileUnreadableException>(() => ReadAllAsync(WriteText("导出.xls", content, new UTF8Encoding(false))));
        Assert.Contains("另存为", ex.Message);
    }

    [Fact]
    public async Task Excels_unicode_text_export_is_read()
    {
        // "Unicode 文本 (*.txt)": UTF-16 little-endian with a BOM, tab-delimited, CRLF.
        var text = Header.Replace(',', '\t') + "\r\n" + GoodRow.Replace(',', '\t') + "\r\n";
        var record = Assert.Single(await ReadAllAsync(WriteText("缴费.txt", text, new UnicodeEncoding(false, true), bom: true)));

        Assert.True(record.IsValid, string.Join("; ", record.Issues));
        Assert.Equal("赣州宏达稀土新材料有限公司", record.Data!["DWMC"]!.GetValue<string>());
    }

    [Fact]
    public async Task Corrupt_xlsx_is_unreadable()
    {
        var path = WriteText("broken.xlsx", "this is not a workbook", Encoding.ASCII);
        await Assert.ThrowsAsync<SourceFileUnreadableException>(() => ReadAllAsync(path));
    }

    /// <summary>A worksheet row of columns A–J, blank where no value is given.</summary>
    private static Dictionary<string, object> XlsxRow(params object[] cells) =>
        "ABCDEFGHIJ".Select((l, i) => (Letter: l.ToString(), Value: i < cells.Length ? cells[i] : "")).ToDictionary(x => x.Letter, x => x.Value);

    /// <summary>Adds merged ranges to the first worksheet of a workbook MiniExcel wrote (it writes none itself).</summary>
    private static void MergeCells(string path, params string[] ranges)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
        string xml;
        using (var reader = new StreamReader(entry.Open()))
        {
            xml = reader.ReadToEnd();
        }

        var merges = $"<x:mergeCells count=\"{ranges.Length}\">{string.Concat(ranges.Select(r => $"<x:mergeCell ref=\"{r}\" />"))}</x:mergeCells>";
        var prefix = xml.Contains("</x:sheetData>", StringComparison.Ordinal) ? "x:" : "";
        xml = xml.Replace($"</{prefix}sheetData>", $"</{prefix}sheetData>{(prefix.Length == 0 ? merges.Replace("x:", "", StringComparison.Ordinal) : merges)}", StringComparison.Ordinal);
        entry.Delete();
        using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
        writer.Write(xml);
    }
}
