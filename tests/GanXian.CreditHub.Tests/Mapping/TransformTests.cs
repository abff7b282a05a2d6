using GanXian.CreditHub.Mapping;

namespace GanXian.CreditHub.Tests.Mapping;

public class TransformTests
{
    private static readonly Dictionary<string, IReadOnlyDictionary<string, string>> Tables = new()
    {
        ["险种"] = new Dictionary<string, string> { ["企业职工基本养老保险"] = "110", ["失业保险"] = "210" },
    };

    private static (bool Ok, string Output, string? Rule) Run(string spec, string input)
    {
        var t = Transforms.Compile(spec, Tables, out var error) ?? throw new InvalidOperationException(error);
        var ok = t(input, out var output, out var failure);
        return (ok, output, ok ? null : failure.Rule);
    }

    [Theory]
    [InlineData("trim", " \u3000赣县\t", "赣县")]
    [InlineData("halfwidth", "９１３５ＡＢ（元）\u3000", "9135AB(元) ")]
    [InlineData("halfwidth", "没有全角", "没有全角")]
    [InlineData("upper", "91350100m000100y43", "91350100M000100Y43")]
    [InlineData("nospace", "9135 0100\tM000", "91350100M000")]
    [InlineData("number", "12,345.60", "12345.60")]
    [InlineData("number", "¥ 1,000元", "1000")]
    [InlineData("number", "-3.5", "-3.5")]
    [InlineData("number", " ¥ -   ", "0")]
    [InlineData("number", "－", "0")]
    [InlineData("number", "(1,234.50)", "-1234.50")]
    [InlineData("number", "¥(12.00)", "-12.00")]
    [InlineData("number", "(¥12.00)", "-12.00")]
    [InlineData("yuan-to-wan", "2,000", "0.2")]
    [InlineData("yuan-to-wan", "12345.6", "1.23456")]
    [InlineData("date:yyyyMM|yyyy-MM|yyyy年M月->yyyyMM", "2026年3月", "202603")]
    [InlineData("date:yyyyMM|yyyy-MM|yyyy年M月->yyyyMM", "2026-03", "202603")]
    [InlineData("date:yyyy-MM-dd|yyyy/M/d|excel->yyyy-MM-dd", "2026/3/7", "2026-03-07")]
    [InlineData("date:yyyy-MM-dd|yyyy/M/d|excel->yyyy-MM-dd", "46082", "2026-03-01")]
    [InlineData("date:yyyy-MM-dd|yyyy/M/d|excel->yyyy-MM-dd", "2026-11-10 08:30:00", "2026-11-10")]
    [InlineData("date:yyyy-MM-dd|yyyy/M/d|excel->yyyy-MM-dd", "2026-11-1008:30:00", "2026-11-10")]
    [InlineData("date:yyyy-MM-dd|yyyy/M/d|excel->yyyy-MM-dd", "2026/11/10 8:30", "2026-11-10")]
    [InlineData("date:yyyy-MM-dd|yyyy/M/d->yyyy-MM-dd", "2026-11-10T23:59:59", "2026-11-10")]
    [InlineData("date:yyyyMM|yyyy-MM-dd->yyyyMM", "2026-10-01 00:00:00", "202610")]
    [InlineData("date:yyyy-MM-dd|yyyy/M/d->yyyy-MM-dd", "2026/12/19:05", "2026-12-01")]
    [InlineData("date:yyyy-MM-dd|yyyy/M/d->yyyy-MM-dd", "2026/12/1910:05", "2026-12-19")]
    [InlineData("date:yyyy-MM-dd|yyyy/M/d->yyyy-MM-dd", "2026-11-10 08:30:00.123", "2026-11-10")]
    [InlineData("code:险种", "失业保险", "210")]
    [InlineData("code:险种", "110", "110")]
    [InlineData("default:有效", "", "有效")]
    [InlineData("default:有效", "失效", "失效")]
    [InlineData("mask-id", "36070419800101123X", "360704********123X")]
    public void Transforms_turn_export_text_into_platform_text(string spec, string input, string expected)
    {
        var (ok, output, _) = Run(spec, input);
        Assert.True(ok);
        Assert.Equal(expected, output);
    }

    [Theory]
    [InlineData("number", "十二", "INVALID_NUMBER")]
    [InlineData("number", "(-12)", "INVALID_NUMBER")]
    [InlineData("number", "(-)", "INVALID_NUMBER")]
    [InlineData("number", "--", "INVALID_NUMBER")]
    [InlineData("yuan-to-wan", "abc", "INVALID_NUMBER")]
    [InlineData("date:yyyyMM->yyyyMM", "202613", "INVALID_DATE")]
    [InlineData("date:yyyy-MM-dd->yyyy-MM-dd", "46082", "INVALID_DATE")]
    [InlineData("code:险种", "大病保险", "UNKNOWN_CODE")]
    [InlineData("date:yyyy-MM-dd->yyyy-MM-dd", "2026-11-10 25:00", "INVALID_DATE")]
    [InlineData("date:yyyy-MM-dd->yyyy-MM-dd HH:mm", "2026-11-10 08:30", "INVALID_DATE")]
    public void Bad_values_fail_with_a_rule_code(string spec, string input, string rule)
    {
        var (ok, _, actual) = Run(spec, input);
        Assert.False(ok);
        Assert.Equal(rule, actual);
    }

    [Fact]
    public void An_unknown_code_lists_what_the_officer_may_write()
    {
        var t = Transforms.Compile("code:险种", Tables, out _)!;
        Assert.False(t("养老保险", out _, out var failure));
        Assert.Equal("“养老保险”不在代码表“险种”中（可用代码或名称：110 企业职工基本养老保险、210 失业保险）", failure.Message);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("trim:x")]
    [InlineData("date")]
    [InlineData("date:yyyyMM")]
    [InlineData("code:无此表")]
    public void Bad_specs_do_not_compile(string spec)
    {
        Assert.Null(Transforms.Compile(spec, Tables, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Empty_text_passes_every_transform_but_default()
    {
        foreach (var spec in new[] { "trim", "halfwidth", "number", "yuan-to-wan", "date:yyyyMM->yyyyMM", "code:险种", "mask-id" })
        {
            var (ok, output, _) = Run(spec, "");
            Assert.True(ok, spec);
            Assert.Equal("", output);
        }
    }
}
