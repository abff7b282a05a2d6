using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Mapping;
using GanXian.CreditHub.Scheduling.Calendar;

namespace GanXian.CreditHub.Validation;

/// <summary>
/// 双公示: a penalty or licence is to be published within 7 working days of its decision (DOMAIN.md §4). The hub cannot
/// publish earlier than the source system exports, so a record collected after that deadline is sent as usual with a
/// warning, which the file's outcome reports: the officers learn that the export came late. Days the working-day
/// calendar does not cover are not guessed: then only a decision more than a month back (longer than 7 working days can
/// ever last, the Spring Festival included) is late, and the message gives no date.
/// </summary>
public sealed class PublicationDeadlineRules(string catalog, string decisionField, Func<WorkingDayCalendar> calendar, TimeProvider clock) : CatalogRuleSet
{
    public const int WorkingDays = 7;

    /// <summary>The catalogues with a publication deadline, and the field of the decision it runs from.</summary>
    public static readonly IReadOnlyList<(string Catalog, string DecisionField)> Decisions = [("XZCF", "CF_JDRQ"), ("XZXK", "XK_JDRQ")];

    public static IEnumerable<PublicationDeadlineRules> All(Func<WorkingDayCalendar> calendar, TimeProvider clock) =>
        Decisions.Select(d => new PublicationDeadlineRules(d.Catalog, d.DecisionField, calendar, clock));

    private readonly FieldKey _decision = decisionField;

    public override string Catalog => catalog;

    public override void Check(RecordFields data, IssueSink issues)
    {
        if (data[_decision].Text is not { } text || !DateText.TryIsoDate(text, out var decided))
        {
            return;
        }

        var today = clock.Today();
        if (today <= decided.AddDays(WorkingDays))
        {
            return; // within 7 calendar days, so within 7 working days too
        }

        string until;
        try
        {
            var deadline = calendar().AddWorkingDays(decided, WorkingDays);
            if (today <= deadline)
            {
                return;
            }

            until = $"至 {deadline:yyyy-MM-dd}";
        }
        catch (CalendarNotCoveredException ex)
        {
            if (today <= decided.AddMonths(1))
            {
                return;
            }

            until = $"工作日历未覆盖 {ex.Date.Year} 年，截止日无法确定";
        }

        var name = data.Catalog.Field(_decision.Code)?.Name ?? _decision.Code;
        issues.Fail(_decision.Code, "PUBLICATION_LATE",
            $"{name} {text} 起 {WorkingDays} 个工作日内应公示（{until}），采集时已是 {today:yyyy-MM-dd}：请核实源系统的导出是否滞后（仅提示）",
            IssueSeverity.Warning);
    }
}
