using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Penalties;

/// <summary>
/// The <c>Publication:Penalties</c> section: how long an administrative penalty (XZCF) may stay published, by tier
/// (DOMAIN.md §4: the 2025 draft rules, to be kept configurable). Minor penalties at most 3 months, general ones at
/// most a year, serious ones at most 3 years, counted from the decision date; after that the record must leave the
/// platform.
/// </summary>
public sealed class PenaltyPublicationOptions
{
    public const string Section = "Publication:Penalties";

    public int MinorMonths { get; set; } = 3;

    public int GeneralMonths { get; set; } = 12;

    public int SeriousMonths { get; set; } = 36;

    /// <summary>Penalty categories (处罚类别, or a part of it) that are minor whatever else; empty: 警告, 通报批评.</summary>
    /// <remarks>Empty by default and defaulted in <see cref="Minor"/>: the configuration binder adds a configured list
    /// to the items a list already has, so a default here could never be configured away.</remarks>
    public List<string> MinorCategories { get; set; } = [];

    /// <summary>A category containing one of these makes the penalty serious; empty: 吊销, 责令关闭, 责令停产停业, ….</summary>
    public List<string> SeriousCategories { get; set; } = [];

    internal IReadOnlyList<string> Minor => MinorCategories.Count > 0 ? MinorCategories : DefaultMinor;

    internal IReadOnlyList<string> Serious => SeriousCategories.Count > 0 ? SeriousCategories : DefaultSerious;

    private static readonly string[] DefaultMinor = ["警告", "通报批评"];
    private static readonly string[] DefaultSerious = ["吊销", "责令关闭", "责令停产停业", "限制开展生产经营活动", "限制从业", "降低资质等级"];

    /// <summary>
    /// A fine up to this many yuan is a "small fine", so minor: by default the limits of the simple procedure
    /// (《行政处罚法》 art. 51: 200 yuan for a citizen, 3,000 yuan for an organisation).
    /// </summary>
    public decimal SmallFineYuanPerson { get; set; } = 200m;

    public decimal SmallFineYuanOrganisation { get; set; } = 3000m;
}

internal sealed class PenaltyPublicationOptionsValidator : IValidateOptions<PenaltyPublicationOptions>
{
    public ValidateOptionsResult Validate(string? name, PenaltyPublicationOptions o)
    {
        var errors = new List<string>();
        if (o.MinorMonths < 1 || o.GeneralMonths < o.MinorMonths || o.SeriousMonths < o.GeneralMonths)
        {
            errors.Add($"{PenaltyPublicationOptions.Section}:MinorMonths/GeneralMonths/SeriousMonths 必须为正数且依次不减（现为 {o.MinorMonths}/{o.GeneralMonths}/{o.SeriousMonths}）");
        }

        if (o.SmallFineYuanPerson < 0 || o.SmallFineYuanOrganisation < 0)
        {
            errors.Add($"{PenaltyPublicationOptions.Section}:SmallFineYuanPerson/SmallFineYuanOrganisation 不能为负数");
        }

        if (o.MinorCategories.Concat(o.SeriousCategories).Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{PenaltyPublicationOptions.Section}:MinorCategories/SeriousCategories 不能含空项");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
