namespace GanXian.CreditHub.Web;

/// <summary>
/// A page's message box, shown by <c>Web/Shared/_Message.cshtml</c>: a success or information is a green notice with
/// <c>role="status"</c> (a screen reader reads it when it is done speaking), an error or refusal a red box with
/// <c>role="alert"</c> (read at once). Every page shows its messages through it, so that no box has the wrong role or
/// none (an upload refused in red was announced as a polite status, a refused correction not at all).
/// </summary>
/// <param name="Details">Lines under the text (the problems of a correction or a verification), in the same box.</param>
public sealed record PageMessage(string Text, bool Failed, IReadOnlyList<string>? Details = null)
{
    /// <summary>A notice, or nothing when <paramref name="text"/> is null.</summary>
    public static PageMessage? Notice(string? text) => text is null ? null : new(text, Failed: false);

    /// <summary>An error, or nothing when <paramref name="text"/> is null.</summary>
    public static PageMessage? Error(string? text, IReadOnlyList<string>? details = null) => text is null ? null : new(text, Failed: true, details);

    /// <summary>A page's outcome text and whether it failed, or nothing when <paramref name="text"/> is null.</summary>
    public static PageMessage? Of(string? text, bool failed, IReadOnlyList<string>? details = null) => text is null ? null : new(text, failed, details);
}
