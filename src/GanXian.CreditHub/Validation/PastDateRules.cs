using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Mapping;

namespace GanXian.CreditHub.Validation;

/// <summary>
/// Dates of what has already happened (a decision, a commitment, a listing or its removal) cannot lie after today in
/// Asia/Shanghai: a mistyped year (2062 for 2026) would be published as it is, and the 双公示 deadline and the
/// publication periods run from these dates. Dates that may lie ahead (the end of a validity or listing) are not here.
/// </summary>
public sealed class PastDateRules(string catalog, IReadOnlyList<string> fields, TimeProvider clock) : CatalogRuleSet
{
    /// <summary>The catalogues and their date fields of past events.</summary>
    public static readonly IReadOnlyList<(string Catalog, string[] Fields)> Fields =
    [
        ("XZCF", ["CF_JDRQ"]),
        ("XZXK", ["XK_JDRQ"]),
        ("XYCN", ["CNRQ"]),
        ("SHBX_YZSX", ["LRRQ", "YCRQ"]),
        ("SXJL_HMD", ["RDRQ"]),
    ];

    public static IEnumerable<PastDateRules> All(TimeProvider clock) => Fields.Select(f => new PastDateRules(f.Catalog, f.Fields, clock));

    private readonly FieldKey[] _fields = [.. fields.Select(f => new FieldKey(f))];

    public override string Catalog => catalog;

    public override void Check(RecordFields data, IssueSink issues)
    {
        DateOnly? today = null;
        foreach (var field in _fields)
        {
            if (data[field].Text is { } text && DateText.TryIsoDate(text, out var date) && date > (today ??= clock.Today()))
            {
                issues.Fail(field.Code, "DATE_IN_FUTURE", $"{data.Catalog.Field(field.Code)?.Name ?? field.Code} {text} 晚于今天 {today:yyyy-MM-dd}");
            }
        }
    }
}
