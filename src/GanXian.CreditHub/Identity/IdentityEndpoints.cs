using GanXian.CreditHub.Hosting;
namespace GanXian.CreditHub.Identity;

/// <summary>Read-only identity API. Changes go through the CLI or the administrator's pages (<c>/admin/accounts</c>), which write the operation log.</summary>
public static class IdentityEndpoints
{
    public static WebApplication MapHubIdentity(this WebApplication app)
    {
        app.MapGet("/api/me", (HttpContext http) => new
        {
            name = http.User.Identity!.Name,
            kind = http.User.FindFirst(HubClaims.Kind)?.Value,
            roles = HubClaims.RolesOf(http.User),
            personalData = HubClaims.HasPersonalData(http.User),
        }).RequireAuthorization(Policies.AnyRole).RejectUnknownQueryParameters();

        var admin = app.MapGroup("/api/identity").RequireAuthorization(Policies.Administrator).RejectUnknownQueryParameters();
        admin.MapGet("/users", async (UserAccounts accounts, TimeProvider clock, CancellationToken ct) =>
            (await accounts.ListAsync(ct)).Select(u => new
            {
                userName = u.UserName,
                roles = RoleSet.Parse(u.Roles),
                personalData = u.PersonalData,
                disabled = u.Disabled,
                lockedOut = u.IsLockedOut(clock.GetUtcNow()),
                lastLoginAt = u.LastLoginAt,
            }));
        admin.MapGet("/apikeys", async (ApiKeys keys, CancellationToken ct) =>
            (await keys.ListAsync(ct)).Select(k => new
            {
                name = k.Name,
                keyId = ApiKeys.Prefix + k.KeyId,
                roles = RoleSet.Parse(k.Roles),
                personalData = k.PersonalData,
                expiresOn = k.ExpiresOn,
                revoked = k.RevokedAt is not null,
                createdBy = k.CreatedBy,
            }));
        return app;
    }
}
