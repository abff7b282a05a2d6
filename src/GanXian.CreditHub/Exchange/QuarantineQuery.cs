using System.Security.Claims;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Hosting;
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
    /// Items by status (<c>all</c> or empty: every status) and the optional fields, exact but for the file. Statuses
    /// and kinds are lower-case codes, catalogues and rules upper-case ones; what a client types is matched in any case.
    /// </summary>
    public static IQueryable<QuarantineItem> Filter(CreditHubDbContext db, string? status, string? catalog = null, string? kind = null,
        string? recordId = null, string? file = null, string? rule = null)
    {
        var q = db.Set<QuarantineItem>().AsNoTracking();
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

        if (!string.IsNullOrWhiteSpace(file))
        {
            q = FileNameContains(q, db.Provider == DatabaseProvider.Postgres, file.Trim());
        }

        if (!string.IsNullOrEmpty(rule))
        {
            q = q.Where(i => i.Rule == rule);
        }

        return q;
    }

    /// <summary>
    /// Items whose file name contains <paramref name="part"/>: an officer types part of a name (the period, the sheet),
    /// rarely all of it. In any case: ILIKE on PostgreSQL, LIKE on SQLite (which folds ASCII letters only; Chinese has
    /// no case). <c>%</c>, <c>_</c> and <c>\</c> are characters of the name, not wildcards. The index on file_name
    /// cannot serve it; the status filter narrows the scan first.
    /// </summary>
    private const string MaskedDigits = "********";

    private static IQueryable<QuarantineItem> FileNameContains(IQueryable<QuarantineItem> q, bool postgres, string part)
    {
        // A masked ID in the name (as the files page shows it without the personal-data permission) stands for any
        // 8 digits, so its link still finds the file's items.
        var pattern = "%" + part.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_").Replace(MaskedDigits, "________") + "%";
        return postgres
            ? q.Where(i => EF.Functions.ILike(i.FileName!, pattern, @"\"))
            : q.Where(i => EF.Functions.Like(i.FileName!, pattern, @"\"));
    }

    private static string? Lower(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();

    /// <summary>The current state of the item's record, or null when it has none (yet).</summary>
    public static Task<string?> RecordStateAsync(CreditHubDbContext db, QuarantineItem item, CancellationToken ct) =>
        item.RecordId is null
            ? Task.FromResult<string?>(null)
            : db.Set<ExchangeRecord>().Where(r => r.Catalog == item.Catalog && r.RecordId == item.RecordId).Select(r => r.State).FirstOrDefaultAsync(ct);

    /// <summary>Free text as the caller may see it: ID numbers masked without the permission (<paramref name="unmasked"/>).</summary>
    public static string? Show(string? text, bool unmasked) => text is null || unmasked ? text : PersonalIdRedactor.Mask(text);

    /// <summary>
    /// Stored JSON (original values, data) parsed, and without the permission every string in it masked, names too. The
    /// mask is applied to the strings, not the JSON text: there an ID number after an escape (a tab is <c>\t</c>) has a
    /// letter before it and is not seen as one.
    /// </summary>
    public static JsonNode? ShowJson(string? json, bool unmasked) =>
        json is null ? null : unmasked ? JsonNode.Parse(json) : Masked(JsonNode.Parse(json));

    /// <summary>Stored issues, their messages and source columns (the file's headers) as <see cref="Show"/>.</summary>
    public static IReadOnlyList<IssueDto> ShowIssues(string json, bool unmasked) =>
        [.. ExchangeJson.ParseIssues(json).Select(e => unmasked ? e : e with { SourceColumn = Show(e.SourceColumn, false), Message = Show(e.Message, false)! })];

    private static JsonNode? Masked(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(PersonalIdRedactor.Mask(p.Key), Masked(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Masked)]),
        JsonValue v when v.TryGetValue<string>(out var text) => JsonValue.Create(PersonalIdRedactor.Mask(text)),
        _ => node?.DeepClone(),
    };

    /// <summary>Whether <paramref name="user"/> sees ID numbers in full (policy <see cref="Policies.PersonalData"/>).</summary>
    public static async Task<bool> SeesPersonalDataAsync(IAuthorizationService auth, ClaimsPrincipal user) =>
        (await auth.AuthorizeAsync(user, Policies.PersonalData)).Succeeded;
}
