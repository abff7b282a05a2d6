using GanXian.CreditHub.Scheduling;
using GanXian.CreditHub.Scheduling.Calendar;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GanXian.CreditHub.Tests.Scheduling;

public sealed class CalendarCoverageTaskTests
{
    [Theory]
    [InlineData("2026-11-30T15:59:00Z", true)] // 23:59 on 30 November in Shanghai: nothing to say yet
    [InlineData("2026-11-30T16:00:00Z", false)] // 00:00 on 1 December in Shanghai: 2027 is missing
    [InlineData("2026-12-31T12:00:00Z", false)]
    [InlineData("2027-03-01T00:00:00Z", false)] // the current year itself is missing
    [InlineData("2026-06-01T00:00:00Z", true)]
    public async Task Warns_from_1_December_when_next_year_is_missing(string now, bool ok)
    {
        var task = new CalendarCoverageTask(Catalog(), new FakeTimeProvider(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)),
            NullLogger<CalendarCoverageTask>.Instance);

        var result = await task.RunAsync(new ScheduledTaskContext("calendar-coverage", new Dictionary<string, string>(), "schedule"), CancellationToken.None);

        Assert.Equal(ok, result.Succeeded);
        if (!ok)
        {
            Assert.Contains("schedules/calendar/", result.Summary);
        }
    }

    private static ScheduleCatalog Catalog() =>
        new(Options.Create(new SchedulingOptions { Directory = RepositorySchedules.Directory }), new Environment());

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";
        public string ApplicationName { get; set; } = "test";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
