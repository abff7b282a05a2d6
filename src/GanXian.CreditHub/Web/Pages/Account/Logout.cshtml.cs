using GanXian.CreditHub.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GanXian.CreditHub.Web.Pages.Account;

/// <summary>Any signed-in user may sign out, even one whose roles were all removed. Sign-out is a POST (antiforgery).</summary>
[Authorize]
public sealed class LogoutModel(IdentityAudit audit) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (User.Identity?.AuthenticationType == IdentityComposition.CookieScheme)
        {
            await HttpContext.SignOutAsync(IdentityComposition.CookieScheme);
            await audit.SaveAsync("user.logout", User.Identity.Name!, null, ct);
        }

        return LocalRedirect(IdentityComposition.LoginPath);
    }
}
