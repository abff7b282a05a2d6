using GanXian.CreditHub.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GanXian.CreditHub.Web.Pages.Account;

/// <summary>
/// Every signed-in person changes their own password here (<see cref="UserAccounts.ChangePasswordAsync"/>). The
/// change renews the account's security stamp, which ends the user's other sign-ins; this browser gets a new cookie.
/// </summary>
[Authorize(Policy = Policies.AnyRole)]
public sealed class PasswordModel(UserAccounts accounts) : PasswordFormModel
{
    [BindProperty]
    public string? CurrentPassword { get; set; }

    public bool Done { get; private set; }

    public bool HasPassword => CookieSignIn.IsCookieUser(HttpContext);

    public void OnGet(bool done) => Done = done;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!HasPassword)
        {
            return Page();
        }

        var name = User.Identity!.Name!;
        var current = CurrentPassword ?? "";
        CurrentPassword = null;
        Error = await WithNewPasswordAsync(password => accounts.ChangePasswordAsync(name, current, password, ct));
        if (Error is not null)
        {
            return Page();
        }

        await CookieSignIn.RenewIfOwnAsync(HttpContext, accounts, name, ct);
        return LocalRedirect("/account/password?done=true");
    }
}
