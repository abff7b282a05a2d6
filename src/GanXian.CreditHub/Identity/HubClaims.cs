using System.Security.Claims;

namespace GanXian.CreditHub.Identity;

/// <summary>The claims every authenticated principal of the hub carries, whether a person (cookie) or a machine (API key).</summary>
public static class HubClaims
{
    /// <summary>Ties a cookie to the account state it was issued for; see <see cref="HubUser.SecurityStamp"/>.</summary>
    public const string SecurityStamp = "credithub:stamp";

    /// <summary><c>user</c> or <c>apikey</c>.</summary>
    public const string Kind = "credithub:kind";

    public static ClaimsPrincipal ForUser(HubUser user, string scheme) =>
        Build(user.UserName, user.Roles, user.PersonalData, "user", scheme, new Claim(SecurityStamp, user.SecurityStamp));

    public static ClaimsPrincipal ForApiKey(ApiKey key, string scheme) =>
        Build(key.Name, key.Roles, key.PersonalData, "apikey", scheme);

    public static IReadOnlyList<string> RolesOf(ClaimsPrincipal principal) =>
        principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();

    public static bool HasPersonalData(ClaimsPrincipal principal) =>
        principal.HasClaim(Roles.PermissionClaim, Roles.PersonalDataPermission);

    /// <summary>An instant as officers read it: Beijing time to the minute, or a dash.</summary>
    public static string LocalTime(DateTimeOffset? at) =>
        at is { } t ? TimeZoneInfo.ConvertTime(t, Hosting.BusinessTime.Zone).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "—";

    private static ClaimsPrincipal Build(string name, string roles, bool personalData, string kind, string scheme, params Claim[] extra)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(Kind, kind) };
        claims.AddRange(RoleSet.Parse(roles).Select(r => new Claim(ClaimTypes.Role, r)));
        if (personalData)
        {
            claims.Add(new Claim(Roles.PermissionClaim, Roles.PersonalDataPermission));
        }

        claims.AddRange(extra);
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
