using System.Security.Claims;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange.Pages;
using GanXian.CreditHub.Mapping;
using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.Exchange;

/// <summary>
/// The exchange's records as the hub holds them: what each collected record became (pending, sending, accepted with
/// its platform id, rejected, withdrawn), searchable by catalogue, state, entity and recordId, and an officer's
/// withdrawal of a published record (<see cref="RecordActions"/>). ID numbers are masked without the personal-data
/// permission (DOMAIN.md §6).
/// </summary>
public static class RecordEndpoints
{
    public sealed record RecordSummary(
        string Catalog, string RecordId, string State, string Op, string? EntityKey, string? PlatformId, DateOnly? PublishUntil,
        string? WithdrawReason, string? WithdrawnBy, long? SourceFileId, long? SourceRow, DateTimeOffset UpdatedAt);

    public sealed record RecordDetail(RecordSummary Record, JsonNode? Data, string ContentHash, string? AcceptedHash);

    public sealed record RecordPage(IReadOnlyList<RecordSummary> Items, int Total, int PageNumber, int PageSize);

    public sealed record Withdrawal(string? Reason);

    public static WebApplication MapExchangeRecords(this WebApplication app)
    {
        var group = app.MapGroup("/api/exchange/records").RequireAuthorization(Policies.Operations).RejectUnknownQueryParameters();
        group.MapGet("", ListAsync);
        group.MapGet("/{recordId}", GetAsync);
        group.MapPost("/{recordId}/withdraw", WithdrawAsync);
        return app;
    }

    private static async Task<Results<Ok<RecordPage>, ProblemHttpResult>> ListAsync(
        CreditHubDbContext db, ClaimsPrincipal user, IAuthorizationService auth, MappingRegistry mappings, CancellationToken ct,
        string? catalog = null, string? state = null, string? entity = null, string? name = null, string? recordId = null, int page = 1, int pageSize = 50)
    {
        if (RecordQuery.FilterError(state) is { } error)
        {
            return TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest);
        }

        var q = RecordQuery.Filter(RecordQuery.Source(db, mappings, name), catalog, state, entity, recordId);
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 500);
        var total = await q.CountAsync(ct);
        var records = await q.OrderByDescending(r => r.Id).Paged(page, pageSize).ToListAsync(ct);
        var unmasked = await QuarantineQuery.SeesPersonalDataAsync(auth, user);
        return TypedResults.Ok(new RecordPage([.. records.Select(r => Summary(r, unmasked))], total, page, pageSize));
    }

    private static async Task<Results<Ok<RecordDetail>, ProblemHttpResult>> GetAsync(
        string recordId, CreditHubDbContext db, ClaimsPrincipal user, IAuthorizationService auth, MappingRegistry mappings, CancellationToken ct)
    {
        var r = await RecordQuery.FindAsync(db, recordId, ct);
        if (r is null)
        {
            return Refusal(StatusCodes.Status404NotFound, $"记录 {recordId.Trim()} 不存在");
        }

        var unmasked = await QuarantineQuery.SeesPersonalDataAsync(auth, user);
        var data = JsonNode.Parse(r.Data) as JsonObject ?? [];
        if (!unmasked)
        {
            var catalog = mappings.Catalogs.Find(r.Catalog);
            foreach (var (code, node) in data.ToList())
            {
                if (node is JsonValue v && v.TryGetValue<string>(out var text))
                {
                    data[code] = RecordPages.Show(text, unmasked: false, creditCodeField: catalog?.Field(code)?.Type == FieldTypes.Uscc);
                }
            }
        }

        return TypedResults.Ok(new RecordDetail(Summary(r, unmasked), data, r.ContentHash, r.AcceptedHash));
    }

    private static async Task<Results<Ok<RecordSummary>, ProblemHttpResult>> WithdrawAsync(
        string recordId, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] Withdrawal? body, RecordActions actions, ClaimsPrincipal user,
        IAuthorizationService auth, CancellationToken ct)
    {
        var result = await actions.WithdrawAsync(recordId, body?.Reason, user.Identity?.Name ?? "unknown", ct);
        return result.Outcome switch
        {
            RecordActionOutcome.NotFound => Refusal(StatusCodes.Status404NotFound, result.Message),
            RecordActionOutcome.Conflict => Refusal(StatusCodes.Status409Conflict, result.Message),
            RecordActionOutcome.Invalid => Refusal(StatusCodes.Status422UnprocessableEntity, result.Message),
            _ => TypedResults.Ok(Summary(result.Record!, await QuarantineQuery.SeesPersonalDataAsync(auth, user))),
        };
    }

    /// <summary>
    /// A refusal as an RFC 9457 problem with its Chinese reason in <c>detail</c>, as every error under /api is
    /// (<see cref="ApiProblems"/>); these answered <c>{"message": …}</c>, which a client reading problems found empty.
    /// Masked: the reason echoes the recordId the client gave, which may be an ID number.
    /// </summary>
    private static ProblemHttpResult Refusal(int status, string detail) =>
        TypedResults.Problem(PersonalIdRedactor.Mask(detail), statusCode: status);

    private static RecordSummary Summary(ExchangeRecord r, bool unmasked) => new(
        r.Catalog, r.RecordId, r.State, r.Op, r.EntityKey is null ? null : RecordPages.Show(r.EntityKey, unmasked, creditCodeField: true), r.PlatformId,
        r.PublishUntil, r.WithdrawReason, r.WithdrawnBy, r.SourceFileId, r.SourceRow, r.UpdatedAt);
}

/// <summary>The reads the records API and pages share.</summary>
public static class RecordQuery
{
    /// <summary>
    /// The records whose entity name (each catalogue's first field, PLATFORM-API.md §3) contains
    /// <paramref name="name"/>: officers know an employer by its name, not its code. Read from the JSON data by the
    /// database's own JSON function, so a name is never matched in another field (the data-source unit's name is in
    /// every record); a scan of the records, like the entity filter.
    /// </summary>
    public static IQueryable<ExchangeRecord> Named(CreditHubDbContext db, MappingRegistry mappings, string name)
    {
        var postgres = db.Provider == DatabaseProvider.Postgres;
        var cases = mappings.Catalogs.All.Where(c => c.Fields.Count > 0 && IsPlainCode(c.Code) && IsPlainCode(c.Fields[0].Code))
            .Select(c => $"WHEN '{c.Code}' THEN " + (postgres ? $"data::jsonb ->> '{c.Fields[0].Code}'" : $"json_extract(data, '$.{c.Fields[0].Code}')"));
        var pattern = "%" + name.Trim().Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
        // Only checked codes are in the text (IsPlainCode); the officer's input is the parameter.
        var sql = $"SELECT * FROM exchange_records WHERE (CASE catalog {string.Join(" ", cases)} END) {(postgres ? "ILIKE" : "LIKE")} {{0}} ESCAPE '\\'";
        return db.Set<ExchangeRecord>().FromSqlRaw(sql, pattern);
    }

    /// <summary>All records, or those named like <paramref name="name"/> when one is given (<see cref="Named"/>).</summary>
    public static IQueryable<ExchangeRecord> Source(CreditHubDbContext db, MappingRegistry mappings, string? name) =>
        (string.IsNullOrWhiteSpace(name) ? db.Set<ExchangeRecord>() : Named(db, mappings, name)).AsNoTracking();

    /// <summary>Catalogue and field codes go into the SQL text, so only plain ones (A–Z, digits, _) are used.</summary>
    private static bool IsPlainCode(string code) => code.Length > 0 && code.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_');

    public static readonly IReadOnlyList<string> States =
        [RecordStates.Pending, RecordStates.Sending, RecordStates.Accepted, RecordStates.Rejected, RecordStates.Withdrawn];

    public static string? FilterError(string? state) =>
        string.IsNullOrWhiteSpace(state) || States.Contains(state.Trim().ToLowerInvariant())
            ? null
            : $"未知的记录状态“{PersonalIdRedactor.Mask(state)}”，可用：{string.Join("、", States)}";

    /// <summary>
    /// By catalogue, state, entity (credit code or ID number, as the records hold it: upper case) and recordId. The
    /// entity filter scans the records (no index on it keeps the exchange's state changes HOT, docs/exchange.md).
    /// </summary>
    public static IQueryable<ExchangeRecord> Filter(IQueryable<ExchangeRecord> q, string? catalog, string? state, string? entity, string? recordId)
    {
        if (!string.IsNullOrWhiteSpace(catalog))
        {
            var c = catalog.Trim().ToUpperInvariant();
            q = q.Where(r => r.Catalog == c);
        }

        if (!string.IsNullOrWhiteSpace(state))
        {
            var s = state.Trim().ToLowerInvariant();
            q = q.Where(r => r.State == s);
        }

        if (!string.IsNullOrWhiteSpace(entity))
        {
            var e = entity.Trim().ToUpperInvariant();
            q = q.Where(r => r.EntityKey == e);
        }

        if (!string.IsNullOrWhiteSpace(recordId))
        {
            var id = recordId.Trim();
            var c = Mapping.RecordIds.CatalogOf(id);
            q = q.Where(r => r.Catalog == c && r.RecordId == id);
        }

        return q;
    }

    public static Task<ExchangeRecord?> FindAsync(CreditHubDbContext db, string recordId, CancellationToken ct)
    {
        var catalog = Mapping.RecordIds.CatalogOf(recordId);
        return db.Set<ExchangeRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.Catalog == catalog && r.RecordId == recordId, ct);
    }
}
