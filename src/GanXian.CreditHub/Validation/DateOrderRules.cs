using GanXian.CreditHub.Mapping;

namespace GanXian.CreditHub.Validation;

/// <summary>
/// Dates of one record that must not run backwards: a validity that ends before it starts, a listing that ends
/// before it begins, a penalty valid until before its decision. Exports get these wrong when two columns are swapped
/// or a year is mistyped, and the platform would publish them as they are.
/// </summary>
public sealed class DateOrderRules : CatalogRuleSet
{
    public static IEnumerable<DateOrderRules> All() =>
    [
        new("SHBX_YZSX", ("LRRQ", "LRJZRQ"), ("LRRQ", "YCRQ")),
        new("SXJL_HMD", ("RDRQ", "YXQZ")),
        new("XZCF", ("CF_JDRQ", "CF_YXQ")),
        new("XZXK", ("XK_JDRQ", "XK_YXQZI"), ("XK_YXQZ", "XK_YXQZI")),
    ];

    private readonly string _catalog;
    private readonly (FieldKey Earlier, FieldKey Later)[] _pairs;

    private DateOrderRules(string catalog, params (string Earlier, string Later)[] pairs)
    {
        _catalog = catalog;
        _pairs = [.. pairs.Select(p => (new FieldKey(p.Earlier), new FieldKey(p.Later)))];
    }

    public override string Catalog => _catalog;

    /// <summary>The (earlier, later) field codes checked.</summary>
    internal IEnumerable<(string Earlier, string Later)> Pairs => _pairs.Select(p => (p.Earlier.Code, p.Later.Code));

    public override void Check(RecordFields data, IssueSink issues)
    {
        foreach (var (earlier, later) in _pairs)
        {
            if (data[earlier].Text is { } from && data[later].Text is { } to
                && DateText.TryIsoDate(from, out var start) && DateText.TryIsoDate(to, out var end) && end < start)
            {
                issues.Fail(later.Code, "DATE_ORDER", $"{Name(data, later)} {to} 早于{Name(data, earlier)} {from}");
            }
        }
    }

    private static string Name(RecordFields data, FieldKey field) => data.Catalog.Field(field.Code)?.Name ?? field.Code;
}
