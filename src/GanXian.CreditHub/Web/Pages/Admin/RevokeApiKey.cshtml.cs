using GanXian.CreditHub.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GanXian.CreditHub.Web.Pages.Admin;

/// <summary>The confirmation and the revocation itself, as <c>apikeys revoke</c> does it (<see cref="ApiKeys.RevokeAsync"/>).</summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class RevokeApiKeyModel(ApiKeys keys) : AccountFormModel
{
    public ApiKey Key { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct))
        {
            return NotFound();
        }

        Error = Key.RevokedAt is null ? null : $"密钥 {Key.Name} 已于 {HubClaims.LocalTime(Key.RevokedAt)} 吊销";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string name, CancellationToken ct)
    {
        Error = await keys.RevokeAsync(name, Actor, ct);
        if (Error is null)
        {
            return LocalRedirect(AccountPages.ListPath + "?revoked=" + Uri.EscapeDataString(UserAccounts.Normalize(name)));
        }

        return await LoadAsync(name, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string name, CancellationToken ct)
    {
        if (await keys.FindAsync(name, ct) is not { } key)
        {
            return false;
        }

        Key = key;
        return true;
    }
}
