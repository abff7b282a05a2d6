using System.Text.Json.Nodes;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Scheduling;
using GanXian.CreditHub.Tests.Scheduling;
using GanXian.CreditHub.Validation;
using static GanXian.CreditHub.Tests.Collect.CollectTestKit;

namespace GanXian.CreditHub.Tests.Validation;

/// <summary>双公示 within 7 working days of the decision, on the repository's calendar, "today" 2026-12-01 in Shanghai.</summary>
public sealed class PublicationDeadlineRulesTests
{
    private static List<RecordIssue> Late(string catalog, string field, string decided, TimeProvider? clock = null)
    {
        var calendar = ScheduleFiles.Load(RepositorySchedules.Directory).Calendar;
        var validation = new RecordValidation(Registry.Catalogs, PublicationDeadlineRules.All(() => calendar, clock ?? Clock()));
        var issues = new List<RecordIssue>();
        validation.Validate(catalog, new JsonObject { [field] = decided }, _ => null, issues);
        return [.. issues.Where(i => i.Rule == "PUBLICATION_LATE")];
    }

    [Fact]
    public void A_penalty_collected_after_its_seventh_working_day_carries_a_warning()
    {
        // 2026-11-10 is a Tuesday: the seventh working day after it is Thursday 11-19.
        var issue = Assert.Single(Late("XZCF", "CF_JDRQ", "2026-11-10"));

        Assert.Equal(("CF_JDRQ", IssueSeverity.Warning), (issue.Field, issue.Severity));
        Assert.Equal("处罚决定日期 2026-11-10 起 7 个工作日内应公示（至 2026-11-19），采集时已是 2026-12-01：请核实源系统的导出是否滞后（仅提示）", issue.Message);
        Assert.Single(Late("XZXK", "XK_JDRQ", "2026-11-10"));
    }

    [Theory]
    [InlineData("2026-11-20")] // Friday: 11-23 … 12-01 is the seventh working day, today
    [InlineData("2026-11-30")]
    public void Within_the_deadline_there_is_none(string decided) => Assert.Empty(Late("XZCF", "CF_JDRQ", decided));

    [Fact]
    public void Outside_the_calendar_only_a_decision_over_a_month_back_is_late_and_no_deadline_is_guessed()
    {
        var issue = Assert.Single(Late("XZCF", "CF_JDRQ", "2025-06-01"));
        Assert.Contains("工作日历未覆盖 2025 年，截止日无法确定", issue.Message);

        // Decided 2026-12-28, collected 2027-01-08: the deadline falls in 2027, which the calendar does not cover.
        var january = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2027, 1, 8, 2, 0, 0, TimeSpan.Zero));
        Assert.Empty(Late("XZCF", "CF_JDRQ", "2026-12-28", january));
    }
}
