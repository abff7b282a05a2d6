using System.Security.Claims;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.Exchange;

/// <summary>The reads the quarantine API and pages share: the list's filter, a record's state, who sees ID numbers.</summary>
public static class QuarantineQuery
{
    /// <summary>
    /// Why a status or kind can match nothing, or null. The hub writes only the values of <see cref="QuarantineStatuses"/>
    /// and <see cref="QuarantineKinds"/>; a misspelt one used to match nothing, which read as "no open items".
    /// </summary>
    public static string? FilterError(string? status, string? kind) =>
        Lower(status) is { } s && s != "all" && !QuarantineStatuses.All.Contains(s) ? $"参数 status 只能是 {string.Join("、", QuarantineStatuses.All)} 或 all"
        : Lower(kind) is { } k && !QuarantineKinds.All.Contains(k) ? $"参数 kind 只能是 {string.Join("、", QuarantineKinds.All)}"
        : null;

    /// <summary>
    /// Items by status (<c>all</c> or empty: every status) and the optional exact-match fields. Statuses and kinds are
    /// lower-case codes, catalogues and rules upper-case ones; what a client types is matched in any case.
    /// </summary>
    public static IQueryable<QuarantineItem> Filter(IQueryable<QuarantineItem> q, string? status, string? catalog = null, string? kind = null,
        string? recordId = null, string? file = null, string? rule = null)
    {
        (status, kind, catalog, rule) = (Lower(status), Lower(kind), catalog?.Trim().ToUpperInvariant(), rule?.Trim().ToUpperInvariant());
        if (!string.IsNullOrEmpty(status) && status != "all")
        {
            q = q.Where(i => i.Status == status);
        }

        if (!string.IsNullOrEmpty(catalog))
        {
            q = q.Where(i => i.Catalog == catalog);
        }

        if (!string.IsNullOrEmpty(kind))
        {
            q = q.Where(i => i.Kind == kind);
        }

        if (!string.IsNullOrEmpty(recordId))
        {
            q = q.Where(i => i.RecordId == recordId);
        }

        if (!string.IsNullOrEmpty(file))
        {
            q = q.Where(i => i.FileName == file);
        }

        if (!string.IsNullOrEmpty(rule))
        {
            q = q.Where(i => i.Rule == rule);
        }

        return q;
    }

    private static string? Lower(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();

    /// <summary>The current state of the item's record, or null when it has none (yet).</summary>
    public static Task<string?> RecordStateAsync(CreditHubDbContext db, QuarantineItem item, CancellationToken ct) =>
        item.RecordId is null
            ? Task.FromResult<string?>(null)
            : db.Set<ExchangeRecord>().Where(r => r.Catalog == item.Catalog && r.RecordId == item.RecordId).Select(r => r.State).FirstOrDefaultAsync(ct);

    /// <summary>Whether <paramref name="user"/> sees ID numbers in full (policy <see cref="Policies.PersonalData"/>).</summary>
    public static async Task<bool> SeesPersonalDataAsync(IAuthorizationService auth, ClaimsPrincipal user) =>
        (await auth.AuthorizeAsync(user, Policies.PersonalData)).Succeeded;
}
