using Microsoft.AspNetCore.Authentication;

namespace GanXian.CreditHub.Identity;

/// <summary>Issuing the browser's sign-in cookie, at sign-in and after a change to the signed-in user's own account.</summary>
public static class CookieSignIn
{
    public static Task SignInAsync(HttpContext http, HubUser user) =>
        http.SignInAsync(IdentityComposition.CookieScheme, HubClaims.ForUser(user, IdentityComposition.CookieScheme));

    /// <summary>A person signed in with the cookie (not a machine with an API key, which has no password or account page).</summary>
    public static bool IsCookieUser(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true, AuthenticationType: IdentityComposition.CookieScheme, Name: not null };

    /// <summary>
    /// A change renews the account's security stamp, which ends every sign-in of it. When the account is the signed-in
    /// user's own (their password, their roles), this browser gets a cookie with the new stamp, so only the others end.
    /// </summary>
    public static async Task RenewIfOwnAsync(HttpContext http, UserAccounts accounts, string userName, CancellationToken ct)
    {
        if (IsCookieUser(http) && http.User.Identity!.Name == UserAccounts.Normalize(userName)
            && await accounts.FindAsync(userName, ct) is { Disabled: false } user)
        {
            await SignInAsync(http, user);
        }
    }
}
