using GanXian.CreditHub.Identity;
using GanXian.CreditHub.Web.Pages.Account;
using Microsoft.AspNetCore.Mvc;

namespace GanXian.CreditHub.Web.Pages.Admin;

/// <summary>The addresses of the account pages and the states they show alike in the list and on a detail page.</summary>
public static class AccountPages
{
    public const string ListPath = "/admin/accounts";
    public const string NewUserPath = "/admin/accounts/new-user";
    public const string NewApiKeyPath = "/admin/accounts/new-apikey";

    public static string UserPath(string userName) => $"/admin/accounts/users/{Uri.EscapeDataString(userName)}";

    public static string RevokePath(string keyName) => $"/admin/accounts/apikeys/{Uri.EscapeDataString(keyName)}/revoke";

    public static string Status(HubUser u, DateTimeOffset now) =>
        u.Disabled ? "已停用" : u.IsLockedOut(now) ? $"锁定至 {HubClaims.LocalTime(u.LockedUntil)}" : "正常";

    public static string Status(ApiKey k, DateOnly today) =>
        k.RevokedAt is not null ? $"已吊销（{HubClaims.LocalTime(k.RevokedAt)}）" : k.ExpiresOn < today ? "已过期" : "有效";
}

/// <summary>The role checkboxes and the personal-data permission, as a form shows them (<c>_RoleChoices.cshtml</c>).</summary>
public sealed record RoleChoices(IReadOnlyCollection<string> Selected, bool PersonalData);

/// <summary>
/// What the administrator's account pages share: the role checkboxes and passwords they post (a page leaves out the
/// fields it has no use for), and the actor they write to the operation log (the signed-in administrator, as
/// <c>cli:…</c> is for the CLI). Each page states its own policy.
/// </summary>
public abstract class AccountFormModel : PasswordFormModel
{
    [BindProperty]
    public List<string> SelectedRoles { get; set; } = [];

    [BindProperty]
    public bool PersonalData { get; set; }

    public RoleChoices Choices => new(SelectedRoles, PersonalData);

    protected string Actor => User.Identity?.Name ?? "unknown";
}
