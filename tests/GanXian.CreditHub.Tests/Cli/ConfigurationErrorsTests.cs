using System.Diagnostics;
using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Platform;
using Microsoft.Extensions.Configuration;

namespace GanXian.CreditHub.Tests.Cli;

public sealed class ConfigurationErrorsTests
{
    private static T Bind<T>(string section, string key, string value) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"{section}:{key}"] = value }).Build()
            .GetSection(section).Get<T>()!;

    [Fact]
    public async Task A_setting_of_the_wrong_type_while_the_host_is_composed_is_one_Chinese_line_and_exit_code_2()
    {
        var error = new StringWriter();
        var exit = await CliRoot.RunAsync(() => { Bind<ExchangeOptions>("Exchange", "BatchSize", "abc"); throw new UnreachableException(); }, ["exchange"], error);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.Equal("配置错误：配置项 Exchange:BatchSize 的值“abc”无效，应为整数" + Environment.NewLine, error.ToString());
    }

    [Fact]
    public void A_time_span_that_cannot_be_read_names_the_key_and_the_format()
    {
        var ex = Record.Exception(() => Bind<PlatformOptions>("Platform", "AttemptTimeout", "xyz"));

        Assert.Equal("配置错误：配置项 Platform:AttemptTimeout 的值“xyz”无效，应为时间间隔（时:分:秒，如 00:00:30）", ConfigurationErrors.Describe(ex!));
    }

    [Fact]
    public void Other_failures_are_not_taken_for_configuration_errors() =>
        Assert.Null(ConfigurationErrors.Describe(new InvalidOperationException("Sequence contains no elements")));
}

public sealed class OptionsFailuresTests
{
    [Fact]
    public void A_failure_reported_by_two_validators_is_named_once()
    {
        var mode = "配置项 Platform:Mode 的值无效，应为 Remote 或 EmbeddedSimulator";
        var ex = new AggregateException(
            new Microsoft.Extensions.Options.OptionsValidationException("", typeof(object), [mode]),
            new Microsoft.Extensions.Options.OptionsValidationException("", typeof(object), [mode, "缺少配置项 Platform:AppKey"]));

        Assert.Equal($"配置错误：{mode}；缺少配置项 Platform:AppKey", CliRoot.OptionsFailures(ex));
    }
}
