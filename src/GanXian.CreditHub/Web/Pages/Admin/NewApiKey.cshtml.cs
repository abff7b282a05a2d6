using GanXian.CreditHub.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Web.Pages.Admin;

/// <summary>
/// Creates a key as <c>apikeys create</c> does (<see cref="ApiKeys.CreateAsync"/>). The key is in the answer to the
/// post and nowhere else: not in a redirect, TempData or the log, and the hub's responses are not cached.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class NewApiKeyModel(ApiKeys keys, IOptions<HubIdentityOptions> options) : AccountFormModel
{
    [BindProperty]
    public string? Name { get; set; }

    /// <summary>As the date field sends it, <c>yyyy-MM-dd</c>; parsed as the CLI parses <c>--expires</c>.</summary>
    [BindProperty]
    public string? ExpiresOn { get; set; }

    public ApiKeys.Created? Created { get; private set; }

    public int DefaultLifetimeDays => options.Value.ApiKeys.DefaultLifetimeDays;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (expiresOn, error) = ApiKeys.ParseExpiry(ExpiresOn);
        if (error is null)
        {
            (Created, error) = await keys.CreateAsync(Name ?? "", SelectedRoles, PersonalData, expiresOn, Actor, ct);
        }

        Error = error;
        return Page();
    }
}
