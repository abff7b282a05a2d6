using System.Globalization;

namespace GanXian.CreditHub.Mapping;

/// <summary>
/// The two date shapes of the platform (<c>yyyyMM</c>, <c>yyyy-MM-dd</c>) checked by hand: DateTime.TryParseExact costs
/// a culture lookup and, for formats without a day, a read of the system clock, per call.
/// </summary>
public static class DateText
{
    public static bool TryYearMonth(ReadOnlySpan<char> s, out int year, out int month)
    {
        year = month = 0;
        if (s.Length != 6 || !TryDigits(s[..4], out year) || !TryDigits(s[4..], out month))
        {
            return false;
        }

        return year >= 1 && month is >= 1 and <= 12;
    }

    public static bool TryIsoDate(ReadOnlySpan<char> s, out DateOnly date)
    {
        date = default;
        if (s.Length != 10 || s[4] != '-' || s[7] != '-'
            || !TryDigits(s[..4], out var y) || !TryDigits(s.Slice(5, 2), out var m) || !TryDigits(s.Slice(8, 2), out var d)
            || y < 1 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            return false;
        }

        date = new DateOnly(y, m, d);
        return true;
    }

    /// <summary>True when <paramref name="text"/> is a date written exactly in <paramref name="format"/>.</summary>
    public static bool Matches(string text, string format) => format switch
    {
        "yyyyMM" => TryYearMonth(text, out _, out _),
        "yyyy-MM-dd" => TryIsoDate(text, out _),
        _ => DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
    };

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = value * 10 + (c - '0');
        }

        return true;
    }
}
