using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GanXian.CreditHub.Web.Pages.Admin;

/// <summary>Accounts and API keys at a glance, with the ways into creating, changing and revoking them.</summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class AccountsModel(UserAccounts accounts, ApiKeys keys, TimeProvider clock) : PageModel
{
    public IReadOnlyList<HubUser> Users { get; private set; } = [];

    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    public DateTimeOffset Now => clock.GetUtcNow();

    public DateOnly Today => clock.Today();

    /// <summary>The key the revocation page just revoked; named only when it is one, so the address cannot make up a notice.</summary>
    public string? RevokedKey { get; private set; }

    public async Task OnGetAsync(string? revoked, CancellationToken ct)
    {
        Users = await accounts.ListAsync(ct);
        Keys = await keys.ListAsync(ct);
        RevokedKey = Keys.FirstOrDefault(k => k.Name == revoked && k.RevokedAt is not null)?.Name;
    }
}
