using GanXian.CreditHub.Hosting;
using Serilog.Events;
using Serilog.Parsing;

namespace GanXian.CreditHub.Tests.Hosting;

public sealed class ConsoleLogFilterTests
{
    private static LogEvent Event(string source) => new(DateTimeOffset.UtcNow, LogEventLevel.Error,
        new InvalidOperationException("Failed to connect to 127.0.0.1:1"), new MessageTemplateParser().Parse("An error occurred using the connection"),
        [new LogEventProperty("SourceContext", new ScalarValue(source))]);

    [Fact]
    public void EF_Core_s_English_database_errors_stay_off_the_console_which_has_the_hub_s_Chinese_line()
    {
        Assert.False(HubLogging.ForConsole(Event("Microsoft.EntityFrameworkCore.Database.Connection")));
        Assert.False(HubLogging.ForConsole(Event("Microsoft.EntityFrameworkCore.Query")));
    }

    [Fact]
    public void The_hub_s_own_events_reach_the_console() =>
        Assert.True(HubLogging.ForConsole(Event("GanXian.CreditHub.Exchange.ExchangeRunner")));
}
