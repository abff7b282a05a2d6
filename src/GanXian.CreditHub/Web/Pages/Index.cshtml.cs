using GanXian.CreditHub.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GanXian.CreditHub.Web.Pages;

[Authorize(Policy = Policies.AnyRole)]
public sealed class IndexModel : PageModel
{
    public IReadOnlyList<string> Roles { get; private set; } = [];

    public bool PersonalData { get; private set; }

    public void OnGet()
    {
        Roles = HubClaims.RolesOf(User);
        PersonalData = HubClaims.HasPersonalData(User);
    }
}
