using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Mapping;
using GanXian.CreditHub.Validation.Identifiers;

namespace GanXian.CreditHub.Exchange.Pages;

/// <summary>Routes shared by the records pages, and how they show identifiers.</summary>
public static class RecordPages
{
    public const string ListPath = "/exchange/records";

    public static string ItemPath(string recordId) => $"{ListPath}/{Uri.EscapeDataString(recordId)}";

    /// <summary>
    /// A value as someone without the personal-data permission may see it: ID numbers masked, except a valid credit
    /// code in a credit-code field, which may be all digits and so look like one (机关、事业单位).
    /// </summary>
    public static string Show(string? value, bool unmasked, bool creditCodeField = false) =>
        value is null ? "" : unmasked || (creditCodeField && IsCreditCodeNotId(value)) ? value : PersonalIdRedactor.Mask(value);

    /// <summary>A valid credit code that is not also a valid ID number: shown unmasked in a credit-code field or column.</summary>
    public static bool IsCreditCodeNotId(string value) => UnifiedSocialCreditCode.IsValid(value) && !CitizenIdNumber.Check(value).IsValid;

    /// <summary>An entity key: a credit code or, for a natural person, an ID number.</summary>
    public static string ShowEntity(string? key, bool unmasked) => key is null ? "—" : Show(key, unmasked, creditCodeField: true);

    public static bool CanWithdraw(ExchangeRecord r) => r.WithdrawnBy is null && r.State is not (RecordStates.Sending or RecordStates.Withdrawn);

    public static bool IsWithdrawal(ExchangeRecord r) => r.Op == Platform.Contract.BatchRecord.Withdraw;
}
