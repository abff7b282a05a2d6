using GanXian.CreditHub.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GanXian.CreditHub.Web.Pages.Admin;

/// <summary>
/// One account: roles and permission (<c>users set-roles</c>), disable and enable (<c>users disable|enable</c>) and a
/// password reset (<c>users reset-password</c>), each through <see cref="UserAccounts"/>, which also refuses to take
/// the last administrator away or let an administrator disable or demote themselves.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class UserAccountModel(UserAccounts accounts, TimeProvider clock) : AccountFormModel
{
    public const string RolesForm = "roles";
    public const string StatusForm = "status";
    public const string PasswordForm = "password";

    private static readonly Dictionary<string, string> Notices = new()
    {
        ["created"] = "已创建用户。请通过安全渠道把初始密码告知本人，并提醒其登录后在“修改密码”中改为只有本人知道的密码。",
        ["roles"] = "已保存角色与权限；该用户已有的登录已失效。",
        ["disabled"] = "已停用账户；该用户已有的登录立即失效。",
        ["enabled"] = "已启用账户（并解除锁定）。",
        ["password"] = "已重设密码并解除锁定；该用户已有的登录已失效。",
    };

    public HubUser Account { get; private set; } = null!;

    public DateTimeOffset Now => clock.GetUtcNow();

    public bool IsSelf => Account.UserName == User.Identity?.Name;

    public string? Notice { get; private set; }

    /// <summary>Which form <see cref="AccountFormModel.Error"/> belongs to.</summary>
    public string? ErrorForm { get; private set; }

    /// <summary>The refusal to show by <paramref name="form"/>: the last post's, if it was that form's.</summary>
    public PageMessage? ErrorFor(string form) => ErrorForm == form ? PageMessage.Error(Error) : null;

    public async Task<IActionResult> OnGetAsync(string userName, string? done, CancellationToken ct)
    {
        Notice = done is null ? null : Notices.GetValueOrDefault(done);
        return await LoadAsync(userName, keepPostedRoles: false, ct) ? Page() : NotFound();
    }

    /// <summary>A post naming no form (no handler) changes nothing and shows the account.</summary>
    public Task<IActionResult> OnPostAsync(string userName, CancellationToken ct) => OnGetAsync(userName, null, ct);

    public async Task<IActionResult> OnPostRolesAsync(string userName, CancellationToken ct)
    {
        var error = await accounts.SetRolesAsync(userName, SelectedRoles, PersonalData, Actor, ct);
        if (error is null)
        {
            // Their own roles: this browser keeps its sign-in, with the new roles.
            await CookieSignIn.RenewIfOwnAsync(HttpContext, accounts, userName, ct);
        }

        return await DoneAsync(userName, RolesForm, "roles", error, ct);
    }

    public async Task<IActionResult> OnPostDisableAsync(string userName, CancellationToken ct) =>
        await DoneAsync(userName, StatusForm, "disabled", await accounts.DisableAsync(userName, Actor, ct), ct);

    public async Task<IActionResult> OnPostEnableAsync(string userName, CancellationToken ct) =>
        await DoneAsync(userName, StatusForm, "enabled", await accounts.EnableAsync(userName, Actor, ct), ct);

    public async Task<IActionResult> OnPostPasswordAsync(string userName, CancellationToken ct)
    {
        var error = await WithNewPasswordAsync(password => accounts.ResetPasswordAsync(userName, password, Actor, ct));
        return await DoneAsync(userName, PasswordForm, "password", error, ct);
    }

    /// <summary>Success: back to the account with a notice (a reload does not post again). Refusal: the page with the error by its form.</summary>
    private async Task<IActionResult> DoneAsync(string userName, string form, string done, string? error, CancellationToken ct)
    {
        if (error is null)
        {
            return LocalRedirect(AccountPages.UserPath(UserAccounts.Normalize(userName)) + "?done=" + done);
        }

        (Error, ErrorForm) = (error, form);
        return await LoadAsync(userName, keepPostedRoles: form == RolesForm, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string userName, bool keepPostedRoles, CancellationToken ct)
    {
        if (await accounts.FindAsync(userName, ct) is not { } user)
        {
            return false;
        }

        Account = user;
        if (!keepPostedRoles)
        {
            (SelectedRoles, PersonalData) = ([.. RoleSet.Parse(user.Roles)], user.PersonalData);
        }

        return true;
    }
}
