using System.Globalization;

namespace GanXian.CreditHub.Bench.Generator;

/// <summary>One line of the social-insurance system's contribution export.</summary>
internal sealed record ContributionRow(
    string Name, string CreditCode, string InsuranceType, string Period, string Insured,
    string Due, string Paid, string Arrears, string Status, string StatDate, string Remark);

internal static class Contributions
{
    public static readonly string[] Header = ["单位名称", "统一社会信用代码", "险种类型", "费款所属期", "参保人数", "应缴金额", "实缴金额", "欠缴金额", "缴费状态", "统计日期", "备注"];

    public static readonly IReadOnlyDictionary<string, string> TypeNames = new Dictionary<string, string>
    {
        ["110"] = "企业职工基本养老保险", ["120"] = "机关事业单位基本养老保险", ["170"] = "城乡居民基本养老保险", ["210"] = "失业保险",
        ["310"] = "职工基本医疗保险", ["390"] = "城乡居民基本医疗保险", ["410"] = "工伤保险", ["510"] = "生育保险",
    };

    // Employer plus personal contribution rates (Jiangxi, approximate): the amounts look like real ones.
    private static readonly Dictionary<string, decimal> Rates = new()
    {
        ["110"] = 0.24m, ["120"] = 0.24m, ["210"] = 0.01m, ["310"] = 0.08m, ["410"] = 0.006m, ["510"] = 0.008m,
    };

    /// <summary>Rows month by month going back from <paramref name="lastPeriod"/>: every employer, every insurance type.</summary>
    public static IEnumerable<ContributionRow> Rows(Employer[] employers, DateOnly lastPeriod, Random random, bool typeNames)
    {
        for (var month = lastPeriod; ; month = month.AddMonths(-1))
        {
            var period = month.ToString("yyyyMM", CultureInfo.InvariantCulture);
            var stat = month.AddMonths(1).AddDays(9).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            foreach (var e in employers)
            {
                var insured = Math.Max(1, e.Insured + random.Next(-2, 3));
                foreach (var type in e.InsuranceTypes)
                {
                    var due = Math.Round(insured * e.MonthlyWage * Rates[type], 2);
                    var r = random.NextDouble();
                    decimal paid = due;
                    var status = "正常";
                    var remark = "";
                    if (r > 0.98)
                    {
                        status = "补缴";
                        remark = "逾期补缴，已缴清";
                    }
                    else if (r > 0.93)
                    {
                        status = "欠缴";
                        paid = Math.Round(due * (decimal)(random.NextDouble() * 0.9), 2);
                        remark = random.Next(3) == 0 ? "已下达催缴通知书\n待核实" : "";
                    }

                    yield return new ContributionRow(e.Name, e.CreditCode, typeNames ? TypeNames[type] : type, period,
                        insured.ToString(CultureInfo.InvariantCulture), Money(due), Money(paid), Money(due - paid), status, stat, remark);
                }
            }
        }
    }

    public static string Money(decimal d) => d.ToString("0.00", CultureInfo.InvariantCulture);
}
