using GanXian.CreditHub.Mapping;
using GanXian.CreditHub.Validation;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Penalties;

public enum PenaltyTier
{
    Minor,
    General,
    Serious,
}

/// <summary>
/// Rules of XZCF (administrative penalties, 双公示): a penalty is published for at most its tier's period from the
/// decision date (<see cref="PenaltyPublicationOptions"/>), so a 公示截止期 before the decision or past that period is
/// refused, and a penalty exported without one gets the longest period its tier allows as its publication end. That
/// end is what the expiry sweep withdraws at: without it a penalty would stay on the platform for good. A fine's
/// amount is more than zero.
/// </summary>
public sealed class PenaltyRules(IOptions<PenaltyPublicationOptions> options) : CatalogRuleSet
{
    public const string Code = "XZCF";

    private static readonly FieldKey JDRQ = "CF_JDRQ", GSJZQ = "CF_GSJZQ", CFLB = "CF_CFLB", FK = "CF_NR_FK", XDR_LB = "CF_XDR_LB";
    private static readonly char[] CategorySeparators = ['、', ',', '，', ';', '；', '/', ' '];

    private readonly PenaltyPublicationOptions _opts = options.Value;

    public override string Catalog => Code;

    public override void Check(RecordFields d, IssueSink issues)
    {
        CheckFine(d, issues);
        CheckPublicationEnd(d, issues);
    }

    /// <summary>
    /// A fine of 0 or less is a slip (a column mixed up, the accounting format's "(2,000.00)" read as negative) that the
    /// platform would publish as "罚款 0 万元"; a negative amount is wrong whatever the category.
    /// </summary>
    private static void CheckFine(RecordFields d, IssueSink issues)
    {
        if (!d[FK].TryGetNumber(out var wan))
        {
            return;
        }

        var amount = wan.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (wan <= 0 && Parts(d).Any(IsFine))
        {
            issues.Fail(FK.Code, "FINE_NOT_POSITIVE", $"处罚类别“{d[CFLB].Text}”含罚款，罚款金额应大于 0，实际为 {amount} 万元");
        }
        else if (wan < 0)
        {
            issues.Fail(FK.Code, "NEGATIVE_AMOUNT", $"罚款金额不能为负数（{amount} 万元）");
        }
    }

    private static bool IsFine(string category) => category.Contains("罚款", StringComparison.Ordinal);

    private static string[] Parts(RecordFields d) =>
        (d[CFLB].Text ?? "").Split(CategorySeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private void CheckPublicationEnd(RecordFields d, IssueSink issues)
    {
        if (!DecisionDate(d, out var decided) || d[GSJZQ].Text is not { } endText || !DateText.TryIsoDate(endText, out var end))
        {
            return;
        }

        if (end < decided)
        {
            issues.Fail(GSJZQ.Code, "PUBLICATION_BEFORE_DECISION", $"公示截止期 {endText} 早于处罚决定日期 {decided:yyyy-MM-dd}");
            return;
        }

        var (tier, months) = TierOf(d);
        var latest = decided.AddMonths(months);
        if (end > latest)
        {
            issues.Fail(GSJZQ.Code, "PUBLICATION_TOO_LONG",
                $"公示截止期 {endText} 超过最长公示期限：{Name(tier)}行政处罚自决定日期起最长公示 {months} 个月，即至 {latest:yyyy-MM-dd}（处罚类别“{d[CFLB].Text}”）");
        }
    }

    /// <summary>The decision date plus the tier's longest period, when the record has no 公示截止期 of its own.</summary>
    public override DateOnly? DefaultPublishUntil(RecordFields d) =>
        d[GSJZQ].IsAbsent && DecisionDate(d, out var decided) ? decided.AddMonths(TierOf(d).Months) : null;

    /// <summary>
    /// Serious when a part of 处罚类别 names a serious measure; minor when every part is a minor one or a fine within the
    /// small-fine limit of the subject's kind; general otherwise (also a fine whose amount is not given).
    /// </summary>
    private (PenaltyTier Tier, int Months) TierOf(RecordFields d)
    {
        var parts = Parts(d);
        if (parts.Any(p => _opts.Serious.Any(s => p.Contains(s, StringComparison.Ordinal))))
        {
            return (PenaltyTier.Serious, _opts.SeriousMonths);
        }

        var smallFine = d[FK].TryGetNumber(out var wan)
                        && wan * 10_000m <= (d[XDR_LB].Text == SubjectCategoryRules.NaturalPerson ? _opts.SmallFineYuanPerson : _opts.SmallFineYuanOrganisation);
        var minor = parts.Length > 0 && parts.All(p =>
            _opts.Minor.Any(m => p.Contains(m, StringComparison.Ordinal)) || (smallFine && IsFine(p)));
        return minor ? (PenaltyTier.Minor, _opts.MinorMonths) : (PenaltyTier.General, _opts.GeneralMonths);
    }

    private static bool DecisionDate(RecordFields d, out DateOnly date)
    {
        date = default;
        return d[JDRQ].Text is { } text && DateText.TryIsoDate(text, out date);
    }

    private static string Name(PenaltyTier tier) => tier switch
    {
        PenaltyTier.Minor => "轻微",
        PenaltyTier.Serious => "严重",
        _ => "一般",
    };
}
