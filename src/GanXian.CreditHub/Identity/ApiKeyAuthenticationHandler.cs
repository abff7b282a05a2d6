using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Identity;

/// <summary>
/// <c>Authorization: Bearer chk_…</c>, or <c>X-API-Key: chk_…</c>, the header many integration platforms and API
/// gateways are configured to send. Challenges answer 401 with <c>WWW-Authenticate: Bearer</c>, never a redirect.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedKey(Request) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }

        return await keys.AuthenticateAsync(token, Context.RequestAborted) is { } key
            ? AuthenticateResult.Success(new AuthenticationTicket(HubClaims.ForApiKey(key, SchemeName), SchemeName))
            : AuthenticateResult.Fail("invalid API key");
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    public const string KeyHeader = "X-API-Key";

    /// <summary>The key the request presents, or null. A browser cannot add either header to a cross-site request unasked.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return request.Headers[KeyHeader].ToString() is { Length: > 0 } key ? key.Trim() : null;
    }
}
