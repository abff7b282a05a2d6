using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GanXian.CreditHub.Web.Pages.Admin;

[Authorize(Policy = Policies.Administrator)]
public sealed class AccountsModel(UserAccounts accounts, ApiKeys keys, TimeProvider clock) : PageModel
{
    public IReadOnlyList<HubUser> Users { get; private set; } = [];

    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    public DateTimeOffset Now => clock.GetUtcNow();

    public DateOnly Today => clock.Today();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Users = await accounts.ListAsync(ct);
        Keys = await keys.ListAsync(ct);
    }

    public string Local(DateTimeOffset? at) => HubClaims.LocalTime(at);
}
