using GanXian.CreditHub.Hosting;

namespace GanXian.CreditHub.Web;

/// <summary>
/// A list page's filter values from its address, checked against what they can name. An unknown one (a bookmark from
/// an older version, a link typed by hand or cut short) matched nothing, which read as "nothing there", or was dropped
/// without a word: now it is dropped, the list shows all for it, and <see cref="Message"/> names it in the page's
/// message box.
/// </summary>
public sealed class ListFilter
{
    private readonly List<string> unknown = [];

    /// <summary>
    /// The value to filter by: null when blank, or when not one of <paramref name="known"/> (then noted under
    /// <paramref name="label"/>, the filter's name on the page); otherwise the known spelling, whatever the case typed.
    /// </summary>
    public string? Check(string label, string? value, IEnumerable<string> known)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var typed = value.Trim();
        if (known.FirstOrDefault(k => string.Equals(k, typed, StringComparison.OrdinalIgnoreCase)) is { } spelled)
        {
            return spelled;
        }

        // Shown as typed, but an ID number in it masked: a value pasted into the wrong field may be one.
        unknown.Add($"筛选条件“{label}”的值“{PersonalIdRedactor.Mask(typed)}”无效，已显示全部。");
        return null;
    }

    /// <summary>The error naming every unknown value, or nothing.</summary>
    public PageMessage? Message => PageMessage.Error(unknown.Count == 0 ? null : string.Join(" ", unknown));
}
