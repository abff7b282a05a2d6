using GanXian.CreditHub.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GanXian.CreditHub.Web.Pages.Account;

/// <summary>
/// A page with a new password typed twice (<c>_NewPassword.cshtml</c>) and a refusal shown by its form. The passwords
/// are bound properties, not handler arguments (which the framework logs at trace level), and are forgotten before the
/// page is rendered.
/// </summary>
public abstract class PasswordFormModel : PageModel
{
    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    /// <summary>The refusal of the last post, shown next to its form.</summary>
    public string? Error { get; protected set; }

    /// <summary>Runs <paramref name="change"/> with the new password if both entries agree; returns the refusal.</summary>
    protected async Task<string?> WithNewPasswordAsync(Func<string, Task<string?>> change)
    {
        var password = NewPassword ?? "";
        var confirmation = ConfirmPassword;
        (NewPassword, ConfirmPassword) = (null, null);
        return PasswordPolicy.Confirm(password, confirmation ?? "") ?? await change(password);
    }
}
