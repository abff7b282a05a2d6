using System.CommandLine;
using GanXian.CreditHub.Cli;

namespace GanXian.CreditHub.Tests.Cli;

public sealed class ParseErrorsTests
{
    private static async Task<(int Exit, string Text)> ReportAsync(params string[] args)
    {
        var audit = new Command("audit") { new Command("search") { new Option<string>("--entity") } };
        var root = new RootCommand("test") { new Command("exchange") { new Option<bool>("--dry-run") }, audit };
        var error = new StringWriter();
        var exit = await ParseErrors.ReportAsync(root.Parse(args), error);
        return (exit, error.ToString());
    }

    [Fact]
    public async Task A_mistyped_verb_or_option_is_named_with_what_was_meant_and_where_the_help_is()
    {
        var (exit, verb) = await ReportAsync("exchnage");
        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("“exchnage”是否应为：exchange？", verb);
        Assert.Contains("用法见：GanXian.CreditHub --help", verb);

        var (_, option) = await ReportAsync("exchange", "--dryrun");
        Assert.Contains("“--dryrun”是否应为：--dry-run？", option);
        Assert.Contains("用法见：GanXian.CreditHub exchange --help", option);

        var (_, nested) = await ReportAsync("audit", "search", "--entity");
        Assert.StartsWith("命令行有误：", nested);
        Assert.Contains("用法见：GanXian.CreditHub audit search --help", nested);
        Assert.DoesNotContain("是否应为", nested);
    }
}
