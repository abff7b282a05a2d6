namespace GanXian.CreditHub.Validation.Identifiers;

/// <summary>
/// The outcome of checking an identifier. <see cref="ErrorCode"/> uses the platform's per-record codes
/// (<c>INVALID_USCC</c>, <c>INVALID_IDCARD</c>) so hub and platform speak of the same failure; <see cref="Message"/> and
/// <see cref="Warning"/> are Chinese, for officers.
/// </summary>
public sealed record IdentifierCheck(bool IsValid, string? ErrorCode = null, string? Message = null, string? Warning = null)
{
    public static readonly IdentifierCheck Valid = new(true);

    public static IdentifierCheck Invalid(string code, string message) => new(false, code, message);
}
