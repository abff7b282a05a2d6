using System.CommandLine;
using System.Globalization;
using GanXian.CreditHub.Cli;

namespace GanXian.CreditHub.Tests.Cli;

public sealed class ChineseHelpTests
{
    private static RootCommand Root() => new("测试")
    {
        new Command("jobs", "计划任务")
        {
            new Command("history", "运行历史") { new Option<int>("--limit") { Description = "最多显示多少条", DefaultValueFactory = _ => 20 } },
            new Command("run", "立即运行") { new Argument<string>("NAME") { Description = "任务名" } },
        },
        new Command("users", "用户") { new Command("add", "新增用户") { new Option<string[]>("--role") { Description = "角色", Required = true } } },
    };

    private static string Help(params string[] args)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-Hans");
        try
        {
            var text = new StringWriter();
            using (var output = new ChineseHelp(text))
            {
                Root().Parse(args).Invoke(new InvocationConfiguration { Output = output });
            }

            return text.ToString();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("jobs", "--help")]
    [InlineData("jobs", "history", "-h")]
    [InlineData("jobs", "run", "-?")]
    [InlineData("users", "add", "--help")]
    public void Help_has_no_English_headings_defaults_or_placeholders(params string[] args)
    {
        var help = Help(args);

        Assert.Contains("说明：", help);
        Assert.Contains("用法：", help);
        foreach (var english in new[] { "Description", "Usage", "Options", "Commands", "Arguments", "[default", "(REQUIRED)", "[command]", "[options]" })
        {
            Assert.DoesNotContain(english, help);
        }
    }

    [Fact]
    public void An_option_s_default_and_a_required_option_are_said_in_Chinese()
    {
        Assert.Contains("最多显示多少条（默认：20）", Help("jobs", "history", "--help"));
        Assert.Matches(@"--role <role>（必填）\s+角色", Help("users", "add", "--help"));
    }

    [Fact]
    public async Task A_missing_argument_is_named_with_what_it_is()
    {
        var error = new StringWriter();
        var exit = await ParseErrors.ReportAsync(Root().Parse(["jobs", "run"]), error);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.StartsWith("命令行有误：jobs run 缺少参数 <NAME>：任务名。", error.ToString());
    }
}
