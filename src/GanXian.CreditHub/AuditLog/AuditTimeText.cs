using System.Globalization;
using GanXian.CreditHub.Hosting;

namespace GanXian.CreditHub.AuditLog;

/// <summary>
/// The start or end of an auditor's time range, as the CLI, the API and the page read it. A date is a business day in
/// Asia/Shanghai: as the start, its first instant; as the end, the first instant of the next day, so that
/// <c>--since 2026-12-01 --until 2026-12-01</c> is that whole day. A time without an offset is Asia/Shanghai time
/// too (an officer's clock), not the server's zone; one with an offset or "Z" is taken as written.
/// </summary>
public static class AuditTimeText
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd"];

    private static readonly string[] LocalFormats =
        ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF"];

    /// <summary>Returns a Chinese error naming <paramref name="name"/>, or null with <paramref name="value"/> set (UTC; null when blank).</summary>
    public static string? Parse(string? text, bool end, string name, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var s = text.Trim();
        // An unencoded "+08:00" in a URL arrives as " 08:00".
        if (LostPlus.Match(s) is { Success: true } m)
        {
            s = m.Groups[1].Value + "+" + m.Groups[2].Value;
        }

        // The first and last days (0001-01-01, 9999-12-31, typed for "from the beginning" or "for ever", as on the page)
        // have no instant in Asia/Shanghai before or after them to bound by: they mean no bound, not an exception.
        if (TryParseDate(s, out var date))
        {
            value = (end ? date == DateOnly.MaxValue : date == DateOnly.MinValue) ? null : BusinessTime.StartOf(end ? date.AddDays(1) : date);
            return null;
        }

        if (DateTime.TryParseExact(s, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            value = local - DateTime.MinValue < BusinessTime.Zone.GetUtcOffset(local) ? null
                : new DateTimeOffset(local, BusinessTime.Zone.GetUtcOffset(local)).ToUniversalTime();
            return null;
        }

        // Only with an explicit offset or Z from here on: anything else would be read in the server's zone.
        if (HasOffset(s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            value = at.ToUniversalTime();
            return null;
        }

        return $"{name} 的时间格式无效：“{PersonalIdRedactor.Mask(s)}”（示例：2026-12-01、2026-12-01 08:00 或 2026-12-01T08:00:00+08:00）";
    }

    /// <summary>A date as the CLI, the API and the page's date fields read it (<c>2026-12-01</c>, also <c>2026/12/1</c>).</summary>
    public static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static readonly System.Text.RegularExpressions.Regex LostPlus =
        new(@"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static bool HasOffset(string s)
    {
        var t = s.IndexOf('T') is var i and > 0 ? s[i..] : s.Length > 10 ? s[10..] : "";
        return t.EndsWith('Z') || t.EndsWith('z') || t.Contains('+') || t.LastIndexOf('-') > 0;
    }
}
