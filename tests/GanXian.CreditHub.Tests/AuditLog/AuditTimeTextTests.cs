using GanXian.CreditHub.AuditLog;

namespace GanXian.CreditHub.Tests.AuditLog;

public sealed class AuditTimeTextTests
{
    [Theory]
    // A date is a business day in Asia/Shanghai (UTC+8): it starts at 16:00 UTC the day before.
    [InlineData("2026-12-01", false, "2026-11-30T16:00:00+00:00")]
    [InlineData("2026-12-01", true, "2026-12-01T16:00:00+00:00")]
    [InlineData("2026/12/1", false, "2026-11-30T16:00:00+00:00")]
    [InlineData("20261201", true, "2026-12-01T16:00:00+00:00")]
    // A time without an offset is Shanghai time, whatever the server's zone.
    [InlineData("2026-12-01 08:30", false, "2026-12-01T00:30:00+00:00")]
    [InlineData("2026-12-01T08:30:15", true, "2026-12-01T00:30:15+00:00")]
    [InlineData("2026-12-01T08:30:00+08:00", false, "2026-12-01T00:30:00+00:00")]
    [InlineData("2026-12-01T00:30:00Z", false, "2026-12-01T00:30:00+00:00")]
    // "+08:00" written into a URL without encoding arrives as " 08:00".
    [InlineData("2026-12-01T08:30:00 08:00", false, "2026-12-01T00:30:00+00:00")]
    public void Reads_dates_as_business_days_and_times_as_Shanghai_time(string text, bool end, string expected)
    {
        Assert.Null(AuditTimeText.Parse(text, end, "since", out var value));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-13-01")]
    [InlineData("12/01/2026")]
    public void Names_the_parameter_of_a_time_it_cannot_read(string text)
    {
        var error = AuditTimeText.Parse(text, end: false, "since", out var value);
        Assert.Null(value);
        Assert.StartsWith("since 的时间格式无效", error);
    }

    [Theory]
    // The first and last days and times: no instant in Asia/Shanghai before or after them to bound by (they threw
    // ArgumentOutOfRangeException, which the CLI printed in English).
    [InlineData("0001-01-01", false)]
    [InlineData("0001-01-01 00:00", false)]
    [InlineData("0001-01-01T07:59:59", false)]
    [InlineData("9999-12-31", true)]
    public void The_first_and_last_days_are_no_bound(string text, bool end)
    {
        Assert.Null(AuditTimeText.Parse(text, end, "since", out var value));
        Assert.Null(value);
    }

    [Theory]
    [InlineData("9999-12-31", false, "9999-12-30T16:00:00+00:00")]
    [InlineData("9999-12-31 23:59", true, "9999-12-31T15:59:00+00:00")]
    public void The_same_days_at_the_other_end_of_a_range_still_bound_it(string text, bool end, string expected)
    {
        Assert.Null(AuditTimeText.Parse(text, end, "since", out var value));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void The_first_day_as_the_end_of_a_range_is_its_last_instant()
    {
        // Year 1 in Asia/Shanghai is in local mean time (about +08:05), so the instant is the zone data's, not +08:00's.
        Assert.Null(AuditTimeText.Parse("0001-01-01", end: true, "until", out var value));
        Assert.Equal(new DateOnly(1, 1, 1), DateOnly.FromDateTime(value!.Value.UtcDateTime));
    }

    [Fact]
    public void A_blank_time_is_no_bound()
    {
        Assert.Null(AuditTimeText.Parse("  ", end: true, "until", out var value));
        Assert.Null(value);
    }
}
