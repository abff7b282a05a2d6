using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Events;
using Serilog.Parsing;

namespace GanXian.CreditHub.Tests.Cli;

public sealed class UnexpectedErrorsTests
{
    [Fact]
    public async Task A_fault_no_verb_expected_is_one_Chinese_line_exit_1_and_the_whole_exception_in_the_log()
    {
        var logged = new List<(LogLevel Level, string Category, Exception? Exception)>();
        await using var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(new CapturingProvider(logged)))
            .BuildServiceProvider();
        var error = new StringWriter();
        var fault = new InvalidOperationException("Sequence contains no elements (record of 110101199003077578)");

        var exit = await CliRoot.UnexpectedAsync(fault, services, error);

        Assert.Equal(ExitCodes.Failure, exit);
        var line = Assert.Single(error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("意外错误（InvalidOperationException）：", line);
        Assert.Contains("日志文件", line);
        Assert.DoesNotContain("110101199003077578", line);
        var entry = Assert.Single(logged);
        Assert.Equal((LogLevel.Critical, CliRoot.UnexpectedCategory), (entry.Level, entry.Category));
        Assert.Same(fault, entry.Exception);
    }

    [Fact]
    public void The_logged_fault_stays_off_the_console_which_has_the_Chinese_line()
    {
        var e = new LogEvent(DateTimeOffset.UtcNow, LogEventLevel.Fatal, new InvalidOperationException("x"),
            new MessageTemplateParser().Parse("命令执行中发生意外错误"), [new LogEventProperty("SourceContext", new ScalarValue(CliRoot.UnexpectedCategory))]);

        Assert.False(HubLogging.ForConsole(e));
    }

    private sealed class CapturingProvider(List<(LogLevel, string, Exception?)> logged) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, logged);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, List<(LogLevel, string, Exception?)> logged) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logged.Add((logLevel, category, exception));
        }
    }
}
