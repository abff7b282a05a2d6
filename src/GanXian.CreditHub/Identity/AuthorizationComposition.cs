using Microsoft.AspNetCore.Authorization;

namespace GanXian.CreditHub.Identity;

public static class AuthorizationComposition
{
    /// <summary>
    /// Deny by default: the fallback policy requires an authenticated user holding at least one role on every endpoint
    /// (and unmatched URL) that does not say otherwise. Schemes (cookie, API keys) are added by <see cref="IdentityComposition"/>.
    /// </summary>
    public static WebApplicationBuilder AddHubAuthorization(this WebApplicationBuilder builder)
    {
        var anyRole = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(Roles.All).Build();
        builder.Services.AddAuthentication();
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(anyRole)
            .AddPolicy(Policies.AnyRole, anyRole)
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
