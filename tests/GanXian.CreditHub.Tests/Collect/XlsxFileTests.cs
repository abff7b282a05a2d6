using GanXian.CreditHub.Collect;
using MiniExcelLibs;
using static GanXian.CreditHub.Tests.Collect.CollectTestKit;

namespace GanXian.CreditHub.Tests.Collect;

/// <summary>Workbook cells turned into the text an officer sees in Excel.</summary>
public class XlsxFileTests
{
    [Theory]
    [InlineData(3803.7900000000004, "3803.79")]
    [InlineData(0.1 + 0.2, "0.3")]
    [InlineData(-1234.5000000000002, "-1234.5")]
    [InlineData(20260801d, "20260801")]
    [InlineData(202609d, "202609")]
    [InlineData(0d, "0")]
    [InlineData(0.00001, "0.00001")]
    [InlineData(123456789012.34567, "123456789012.346")]
    [InlineData(999999999999999d, "999999999999999")]
    // A code of 16 or more digits typed as a number has lost its digits after the 15th: Excel shows the exponent form,
    // and the validator says what happened (CatalogFieldValidator.ExcelHint).
    [InlineData(913607210145123456d, "9.13607210145123E+17")]
    [InlineData(3.60731e17, "3.60731E+17")]
    public void Numbers_read_with_the_fifteen_significant_digits_excel_shows(double cell, string text) =>
        Assert.Equal(text, XlsxFile.Text(cell));

    [Fact]
    public async Task An_amount_stored_with_binary_noise_is_read_as_excel_shows_it()
    {
        var path = Path.Combine(Path.GetDirectoryName(WriteFile("x.txt", []))!, "noise.xlsx");
        MiniExcel.SaveAs(path, new[]
        {
            new Dictionary<string, object>
            {
                ["单位名称"] = "赣州恒通物流有限公司", ["统一社会信用代码"] = GoodUscc, ["险种类型"] = "工伤保险", ["费款所属期"] = 202609,
                ["参保人数"] = 30, ["应缴金额"] = 3803.7900000000004, ["实缴金额"] = 3803.7900000000004, ["欠缴金额"] = 0, ["缴费状态"] = "正常",
                ["统计日期"] = 20261010,
            },
        });

        var record = Assert.Single(await ReadAllAsync(path));

        Assert.True(record.IsValid, string.Join("; ", record.Issues));
        Assert.Equal(("3803.79", "20261010"), (record.Original["应缴金额"], record.Original["统计日期"]));
        Assert.Equal(3803.79m, record.Data!["YJJE"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_credit_code_typed_as_a_number_says_that_excel_turned_it_into_one()
    {
        var path = Path.Combine(Path.GetDirectoryName(WriteFile("x.txt", []))!, "code.xlsx");
        MiniExcel.SaveAs(path, new[]
        {
            new Dictionary<string, object>
            {
                ["单位名称"] = "赣州恒通物流有限公司", ["统一社会信用代码"] = 913607210145123456d, ["险种类型"] = "工伤保险", ["费款所属期"] = 202609,
                ["参保人数"] = 30, ["应缴金额"] = 100, ["实缴金额"] = 100, ["欠缴金额"] = 0, ["缴费状态"] = "正常", ["统计日期"] = "2026-10-10",
            },
        });

        var record = Assert.Single(await ReadAllAsync(path));

        Assert.Contains("科学计数法", Assert.Single(record.Issues, i => i.Field == "TYSHXYDM").Message);
    }
}
