using Microsoft.AspNetCore.Authorization;

namespace GanXian.CreditHub.Identity;

public static class AuthorizationComposition
{
    /// <summary>Deny by default: the fallback policy requires an authenticated user on every endpoint that does not opt out.</summary>
    public static WebApplicationBuilder AddHubAuthorization(this WebApplicationBuilder builder)
    {
        // Schemes (cookie for the web UI, bearer API keys for machines) are added by the identity composition.
        builder.Services.AddAuthentication();
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Officer, p => p.RequireRole(Roles.Officer))
            .AddPolicy(Policies.Approver, p => p.RequireRole(Roles.Approver))
            .AddPolicy(Policies.Evaluator, p => p.RequireRole(Roles.Evaluator))
            .AddPolicy(Policies.Auditor, p => p.RequireRole(Roles.Auditor))
            .AddPolicy(Policies.Administrator, p => p.RequireRole(Roles.Administrator))
            .AddPolicy(Policies.Operations, p => p.RequireRole(Roles.Officer, Roles.Administrator))
            .AddPolicy(Policies.PersonalData, p => p.RequireClaim(Roles.PermissionClaim, Roles.PersonalDataPermission));
        return builder;
    }
}
