using GanXian.CreditHub.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GanXian.CreditHub.Web.Pages.Admin;

/// <summary>Creates an account as <c>users add</c> does (<see cref="UserAccounts.AddAsync"/>).</summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class NewUserModel(UserAccounts accounts) : AccountFormModel
{
    [BindProperty]
    public string? UserName { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var name = UserName ?? "";
        Error = await WithNewPasswordAsync(password => accounts.AddAsync(name, SelectedRoles, PersonalData, password, Actor, ct));
        return Error is null ? LocalRedirect(AccountPages.UserPath(UserAccounts.Normalize(name)) + "?done=created") : Page();
    }
}
