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

    [Fact]
    public async Task A_value_of_the_wrong_type_is_reported_in_Chinese_without_the_dotnet_type()
    {
        var root = new RootCommand("test") { new Command("jobs") { new Command("history") { new Option<int>("--limit") } } };
        var error = new StringWriter();
        var exit = await ParseErrors.ReportAsync(root.Parse(["jobs", "history", "--limit", "abc"]), error);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.StartsWith("命令行有误：选项 --limit 的值“abc”无效，应为整数。", error.ToString());
        Assert.DoesNotContain("System.Int32", error.ToString());
        Assert.DoesNotContain("Cannot parse", error.ToString());
    }

    [Fact]
    public void An_unknown_token_is_quoted_once() =>
        Assert.Equal("未识别命令或参数“exchnage”", ParseErrors.Chinese("未识别命令或参数“'exchnage'”"));
}
