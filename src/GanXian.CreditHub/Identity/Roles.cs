namespace GanXian.CreditHub.Identity;

/// <summary>The roles of DOMAIN.md §1, as claim values. A user may hold several.</summary>
public static class Roles
{
    public const string Officer = "officer";
    public const string Approver = "approver";
    public const string Evaluator = "evaluator";
    public const string Auditor = "auditor";
    public const string Administrator = "administrator";

    public static readonly IReadOnlyList<string> All = [Officer, Approver, Evaluator, Auditor, Administrator];

    /// <summary>Not a role: the separate permission to see personal ID numbers unmasked (DOMAIN.md §6).</summary>
    public const string PersonalDataPermission = "personal-data";

    /// <summary>Claim type carrying <see cref="PersonalDataPermission"/>.</summary>
    public const string PermissionClaim = "credithub:permission";
}

/// <summary>
/// Authorization policy names. Endpoints say which they need with <c>.RequireAuthorization(Policies.X)</c>; an endpoint
/// that says nothing still requires an authenticated user (the fallback policy), and only health endpoints are anonymous.
/// </summary>
public static class Policies
{
    /// <summary>Any of the roles: what the fallback policy requires (home page, <c>/api/me</c>).</summary>
    public const string AnyRole = "role:any";

    public const string Officer = "role:officer";
    public const string Approver = "role:approver";
    public const string Evaluator = "role:evaluator";
    public const string Auditor = "role:auditor";
    public const string Administrator = "role:administrator";

    /// <summary>Officers and administrators: operating the exchange (quarantine, resubmission, manual job runs).</summary>
    public const string Operations = "operations";

    public const string PersonalData = "permission:personal-data";
}
