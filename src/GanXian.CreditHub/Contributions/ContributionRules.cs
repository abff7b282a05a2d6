using System.Globalization;
using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Mapping;
using GanXian.CreditHub.Validation;

namespace GanXian.CreditHub.Contributions;

/// <summary>
/// Cross-field rules of SHBX_JFXX (employer contribution status): amounts and counts are not negative,
/// 欠缴金额 = 应缴金额 − 实缴金额, 缴费状态 agrees with the arrears, and neither the period nor the statistics date lies
/// in the future (Asia/Shanghai).
/// </summary>
public sealed class ContributionRules : CatalogRuleSet
{
    public const string Code = "SHBX_JFXX";

    public ContributionRules(TimeProvider clock) => _clock = clock;

    public override void Check(RecordFields d, IssueSink issues)
    {
        var due = Amount(d, YJJE);
        var paid = Amount(d, SJJE);
        var arrears = Amount(d, QJJE);
        NotNegative(issues, "YJJE", "应缴金额", due);
        NotNegative(issues, "SJJE", "实缴金额", paid);
        NotNegative(issues, "QJJE", "欠缴金额", arrears);

        if (Amount(d, CBRS) is < 0m)
        {
            issues.Fail("CBRS", "NEGATIVE_COUNT", "参保人数不能为负数");
        }

        if (due is { } y && paid is { } s && arrears is { } q && q != y - s)
        {
            issues.Fail("QJJE", "QJJE_MISMATCH", $"欠缴金额 {Format(q)} 不等于应缴金额 {Format(y)} 减实缴金额 {Format(s)}（应为 {Format(y - s)}）");
        }

        var status = d[JFZT].Text;
        if (arrears is { } owed && status is not null)
        {
            if (status == "欠缴" && owed <= 0)
            {
                issues.Fail("JFZT", "JFZT_INCONSISTENT", "缴费状态为“欠缴”，但欠缴金额为 0");
            }
            else if (status is "正常" or "补缴" && owed > 0)
            {
                issues.Fail("JFZT", "JFZT_INCONSISTENT", $"缴费状态为“{status}”，但欠缴金额为 {Format(owed)}");
            }
        }

        var today = Today();
        if (d[FKSSQ].Text is { } period
            && DateText.TryYearMonth(period, out var year, out var month)
            && year * 12 + month > today.Year * 12 + today.Month)
        {
            issues.Fail("FKSSQ", "PERIOD_IN_FUTURE", $"费款所属期 {period} 晚于当前月份 {today:yyyyMM}");
        }

        if (d[TJRQ].Text is { } statDate
            && DateText.TryIsoDate(statDate, out var stat)
            && stat > today)
        {
            issues.Fail("TJRQ", "DATE_IN_FUTURE", $"统计日期 {statDate} 晚于今天 {today:yyyy-MM-dd}");
        }
    }

    public override string Catalog => Code;

    private static readonly FieldKey YJJE = "YJJE", SJJE = "SJJE", QJJE = "QJJE", CBRS = "CBRS", JFZT = "JFZT", FKSSQ = "FKSSQ", TJRQ = "TJRQ";

    private readonly TimeProvider _clock;
    private sealed record Day(long FromUtcTicks, long UntilUtcTicks, DateOnly Today);

    // Swapped as one reference, so concurrent validations never see half of an update.
    private Day _day = new(1, 0, default);

    /// <summary>Today in Shanghai; the time-zone conversion is done once per day, not once per record.</summary>
    private DateOnly Today()
    {
        var now = _clock.GetUtcNow().UtcTicks;
        var day = _day;
        if (now < day.FromUtcTicks || now >= day.UntilUtcTicks)
        {
            var today = _clock.Today();
            var start = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), BusinessTime.Zone.GetUtcOffset(today.ToDateTime(TimeOnly.MinValue)));
            day = new Day(start.UtcTicks, start.AddDays(1).UtcTicks, today);
            _day = day;
        }

        return day.Today;
    }

    private static void NotNegative(IssueSink issues, string field, string name, decimal? value)
    {
        if (value < 0)
        {
            issues.Fail(field, "NEGATIVE_AMOUNT", $"{name}不能为负数（{Format(value.Value)}）");
        }
    }

    private static decimal? Amount(RecordFields d, FieldKey field) =>
        d[field].TryGetNumber(out var x) ? x : null;

    private static string Format(decimal d) => d.ToString("0.00", CultureInfo.InvariantCulture);
}
