using System.Security.Claims;
using System.Text.Encodings.Web;
using GanXian.CreditHub.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.IntegrationTests.Infrastructure;

/// <summary>
/// For tests of a capability's endpoints only: a scheme that takes the user from the <c>X-Test-Auth</c> header
/// (<c>name;role,role[;personal-data]</c>). Tests of identity itself use the real cookie and API-key schemes.
/// </summary>
public static class TestAuthentication
{
    public const string Scheme = "Test";
    public const string Header = "X-Test-Auth";

    public static void Add(WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(Scheme).AddScheme<AuthenticationSchemeOptions, Handler>(Scheme, _ => { });
        builder.Services.PostConfigure<AuthenticationOptions>(o =>
        {
            o.DefaultScheme = Scheme;
            o.DefaultAuthenticateScheme = Scheme;
            o.DefaultChallengeScheme = Scheme;
            o.DefaultForbidScheme = Scheme;
        });
    }

    public static HttpClient As(this HttpClient client, string user, params string[] roles)
    {
        client.DefaultRequestHeaders.Remove(Header);
        client.DefaultRequestHeaders.Add(Header, $"{user};{string.Join(',', roles)}");
        return client;
    }

    private sealed class Handler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(Header, out var value) || value.ToString().Split(';') is not [var name, var roles, .. var rest])
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var claims = new List<Claim> { new(ClaimTypes.Name, name) };
            claims.AddRange(roles.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => new Claim(ClaimTypes.Role, r)));
            if (rest.Contains(Roles.PersonalDataPermission))
            {
                claims.Add(new Claim(Roles.PermissionClaim, Roles.PersonalDataPermission));
            }

            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, TestAuthentication.Scheme));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, TestAuthentication.Scheme)));
        }
    }
}
