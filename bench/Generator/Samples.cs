using System.Globalization;
using MiniExcelLibs;

namespace GanXian.CreditHub.Bench.Generator;

/// <summary>
/// The repository's sample inbox for the README's main job: a GBK CSV, a UTF-8-with-BOM CSV and an XLSX workbook of
/// the same employers for three months, with a handful of invalid rows an officer will find in quarantine.
/// </summary>
internal static class Samples
{
    public static void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(20261201);
        var employers = Employers.Create(40, random);

        // 202610, GBK, CRLF, insurance types by name, the invalid rows, trailing blank lines.
        var october = Contributions.Rows(employers[..36], new DateOnly(2026, 10, 1), random, typeNames: true).Take(176).ToList();
        october[3] = october[3] with { CreditCode = Identifiers.WithWrongCheck(october[3].CreditCode), Remark = "样例：统一社会信用代码校验位错误" };
        october[17] = october[17] with { Arrears = Contributions.Money(decimal.Parse(october[17].Arrears, CultureInfo.InvariantCulture) + 100m), Remark = "样例：欠缴金额与应缴、实缴不符" };
        october[29] = october[29] with { Period = "202812", Remark = "样例：费款所属期在未来" };
        october[44] = october[44] with { Name = "", Remark = "样例：缺少单位名称" };
        october[58] = october[58] with { InsuranceType = "大病保险", Remark = "样例：未知险种" };
        october[71] = october[71] with { CreditCode = Identifiers.WithWrongOrgCheck(october[71].CreditCode), Remark = "样例：组织机构代码校验位不符（仅警告，记录有效）" };
        october[90] = october[90] with { Name = "赣州客家\"老字号\"食品有限公司，赣县分公司" };
        using (var w = new StreamWriter(Path.Combine(folder, "社保缴费_202610_GBK.csv"), false, CsvOutput.Encoding("gbk")))
        {
            CsvOutput.Write(w, Contributions.Header);
            october.ForEach(r => CsvOutput.Write(w, CsvOutput.Cells(r)));
            w.Write("\r\n\r\n");
        }

        // 202609, UTF-8 with BOM, LF, codes, a full-width header, thousands separators and full-width digits.
        var september = Contributions.Rows(employers[..32], new DateOnly(2026, 9, 1), random, typeNames: false).Take(150).ToList();
        for (var i = 0; i < september.Count; i += 9)
        {
            var due = decimal.Parse(september[i].Due, CultureInfo.InvariantCulture);
            september[i] = september[i] with { Due = due.ToString("#,##0.00", CultureInfo.InvariantCulture), Insured = ToFullWidth(september[i].Insured) };
        }

        september[12] = september[12] with { Status = "正常", Arrears = "35.50", Paid = Contributions.Money(decimal.Parse(september[12].Due.Replace(",", ""), CultureInfo.InvariantCulture) - 35.50m), Remark = "样例：缴费状态与欠缴金额不一致" };
        september = september.Select(r => r with { StatDate = r.StatDate.Replace('-', '/') }).ToList();
        using (var w = new StreamWriter(Path.Combine(folder, "社保缴费_202609_UTF8BOM.csv"), false, CsvOutput.Encoding("utf-8-bom")))
        {
            var header = Contributions.Header.Select(h => h switch { "应缴金额" => "应缴金额（元）", "实缴金额" => "实缴金额（元）", "欠缴金额" => "欠缴金额（元）", _ => h }).ToArray();
            CsvOutput.Write(w, header, "\n");
            september.ForEach(r => CsvOutput.Write(w, CsvOutput.Cells(r), "\n"));
            w.Write("\n");
        }

        // 202608 as a workbook: numbers as numbers, the statistics date as a date cell.
        var august = Contributions.Rows(employers[20..40], new DateOnly(2026, 8, 1), random, typeNames: true).Take(100).ToList();
        var sheet = august.Select(r => new Dictionary<string, object>
        {
            ["单位名称"] = r.Name,
            ["统一社会信用代码"] = r.CreditCode,
            ["险种类型"] = r.InsuranceType,
            ["费款所属期"] = int.Parse(r.Period, CultureInfo.InvariantCulture),
            ["参保人数"] = int.Parse(r.Insured, CultureInfo.InvariantCulture),
            ["应缴金额"] = decimal.Parse(r.Due, CultureInfo.InvariantCulture),
            ["实缴金额"] = decimal.Parse(r.Paid, CultureInfo.InvariantCulture),
            ["欠缴金额"] = decimal.Parse(r.Arrears, CultureInfo.InvariantCulture),
            ["缴费状态"] = r.Status,
            ["统计日期"] = DateTime.ParseExact(r.StatDate, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["备注"] = r.Remark,
        }).ToList();
        sheet[5]["统一社会信用代码"] = Identifiers.WithWrongCheck(august[5].CreditCode);
        sheet[5]["备注"] = "样例：统一社会信用代码校验位错误";
        MiniExcel.SaveAs(Path.Combine(folder, "社保缴费_202608.xlsx"), sheet, overwriteFile: true);
        Console.WriteLine($"samples → {folder}: {october.Count} + {september.Count} + {august.Count} rows");
    }

    private static string ToFullWidth(string s) => new(s.Select(c => c is >= '!' and <= '~' ? (char)(c + 0xFEE0) : c).ToArray());
}
