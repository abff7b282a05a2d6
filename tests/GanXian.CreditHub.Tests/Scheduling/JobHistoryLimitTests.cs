using System.CommandLine;
using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Scheduling;

namespace GanXian.CreditHub.Tests.Scheduling;

public sealed class JobHistoryLimitTests
{
    private static ParseResult Parse(params string[] args) =>
        new RootCommand("test") { new Command("jobs") { new Command("history") { JobVerbs.LimitOption() } } }.Parse(["jobs", "history", .. args]);

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("100000")]
    public async Task A_limit_the_history_cannot_show_is_refused_not_clamped_in_silence(string limit)
    {
        var error = new StringWriter();

        Assert.Equal(ExitCodes.Failure, await ParseErrors.ReportAsync(Parse("--limit", limit), error));
        Assert.StartsWith($"命令行有误：--limit 应为 1 到 {JobQueries.MaxLimit} 之间的整数。", error.ToString());
    }

    [Fact]
    public void The_default_and_a_limit_in_range_are_taken()
    {
        Assert.Empty(Parse().Errors);
        Assert.Empty(Parse("--limit", "50").Errors);
    }
}
