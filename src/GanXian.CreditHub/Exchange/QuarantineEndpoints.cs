using GanXian.CreditHub.Platform.Contract;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.Exchange;

/// <summary>
/// The officers' quarantine API: list and read items, correct a record (validated with the catalogue's rules; it then
/// becomes pending), dismiss an item, and push pending records now. ID numbers are masked unless the caller holds the
/// personal-data permission (DOMAIN.md §6).
/// </summary>
public static class QuarantineEndpoints
{
    public sealed record ItemSummary(
        long Id, string Kind, string Catalog, string? RecordId, string? FileName, long? Row, string? Field, string Rule, string Message,
        string Status, DateTimeOffset CreatedAt);

    public sealed record ItemDetail(
        long Id, string Kind, string Catalog, string? RecordId, string? FileName, long? Row, string? Field, string Rule, string Message,
        string Status, DateTimeOffset CreatedAt, IReadOnlyList<IssueDto> Issues, JsonNode? Original, JsonNode? Data, string? RecordState,
        DateTimeOffset? ResolvedAt, string? ResolvedBy, string? Note, string? BatchId, string? FeedbackId);

    public sealed record Page(IReadOnlyList<ItemSummary> Items, int Total, int PageNumber, int PageSize);

    /// <summary>
    /// A correction's body: <c>{"data": {…}, "note": …}</c>, or the record's fields themselves, as REST clients send to
    /// a resource named <c>…/data</c> (and RFC 7396 clients always do, with <c>application/merge-patch+json</c>; their
    /// note, if any, comes as <c>?note=</c>). No catalogue has a field named data or note, so the two cannot be confused.
    /// </summary>
    public sealed record Correction(JsonObject? Data, string? Note)
    {
        public static Correction From(JsonObject body, HttpRequest request, string? note)
        {
            var mergePatch = request.ContentType is { } type && type.Split(';')[0].Trim().Equals("application/merge-patch+json", StringComparison.OrdinalIgnoreCase);
            if (!mergePatch && body.All(p => p.Key.Equals("data", StringComparison.OrdinalIgnoreCase) || p.Key.Equals("note", StringComparison.OrdinalIgnoreCase)))
            {
                var data = body.FirstOrDefault(p => p.Key.Equals("data", StringComparison.OrdinalIgnoreCase)).Value;
                var wrapped = body.FirstOrDefault(p => p.Key.Equals("note", StringComparison.OrdinalIgnoreCase)).Value;
                return new(data as JsonObject, note ?? (wrapped is JsonValue v && v.TryGetValue<string>(out var text) ? text : null));
            }

            return new(body, note);
        }
    }

    public sealed record Dismissal(string? Reason);

    /// <summary>
    /// A refusal as an RFC 9457 problem, as every error under /api is (<see cref="ApiProblems"/>): the Chinese reason in
    /// <c>detail</c>, a refused correction's broken rules in <c>issues</c>.
    /// </summary>
    /// <remarks>Masked for everyone: a refusal may echo the client's input (an item number, a value), and error messages never carry an ID number.</remarks>
    private static ProblemHttpResult Refusal(int status, string detail, IReadOnlyList<IssueDto>? issues = null) =>
        TypedResults.Problem(PersonalIdRedactor.Mask(detail), statusCode: status, extensions: issues is null ? null : new Dictionary<string, object?>
        {
            ["issues"] = issues.Select(e => e with { SourceColumn = QuarantineQuery.Show(e.SourceColumn, false), Message = PersonalIdRedactor.Mask(e.Message) }).ToList(),
        });

    public static WebApplication MapQuarantine(this WebApplication app)
    {
        var group = app.MapGroup("/api/exchange").RequireAuthorization(Policies.Operations).RejectUnknownQueryParameters();
        group.MapGet("/quarantine", ListAsync);
        group.MapGet("/quarantine/export", ExportAsync);
        group.MapGet("/quarantine/{id:long}", GetAsync);
        group.MapPut("/quarantine/{id:long}/data", CorrectAsync);
        group.MapPatch("/quarantine/{id:long}/data", PatchAsync);
        group.MapPost("/quarantine/{id:long}/dismiss", DismissAsync);
        group.MapPost("/resubmit", ResubmitAsync);
        return app;
    }

    private static async Task<Results<Ok<Page>, ProblemHttpResult>> ListAsync(
        CreditHubDbContext db, ClaimsPrincipal user, IAuthorizationService auth, CancellationToken ct,
        string? status = QuarantineStatuses.Open, string? catalog = null, string? kind = null, string? recordId = null, string? file = null,
        string? rule = null, int page = 1, int pageSize = 50)
    {
        if (Filtered(db, status, catalog, kind, recordId, file, rule, out var q) is { } problem)
        {
            return problem;
        }

        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 500);
        var total = await q.CountAsync(ct);
        var items = await q.OrderBy(i => i.Id).Paged(page, pageSize).ToListAsync(ct);
        var unmasked = await QuarantineQuery.SeesPersonalDataAsync(auth, user);
        return TypedResults.Ok(new Page(
            items.Select(i => new ItemSummary(i.Id, i.Kind, i.Catalog, i.RecordId, QuarantineQuery.Show(i.FileName, unmasked), i.SourceRow, i.Field, i.Rule,
                QuarantineQuery.Show(i.Message, unmasked)!, i.Status, i.CreatedAt)).ToList(),
            total, page, pageSize));
    }

    /// <summary>The list's items under the same filter, as CSV for Excel (<see cref="QuarantineExport"/>).</summary>
    private static async Task<IResult> ExportAsync(
        HttpContext http, CreditHubDbContext db, ClaimsPrincipal user, IAuthorizationService auth, CancellationToken ct,
        string? status = QuarantineStatuses.Open, string? catalog = null, string? kind = null, string? recordId = null, string? file = null, string? rule = null)
    {
        if (Filtered(db, status, catalog, kind, recordId, file, rule, out var q) is { } problem)
        {
            return problem;
        }

        var unmasked = await QuarantineQuery.SeesPersonalDataAsync(auth, user);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=\"quarantine.csv\"; filename*=UTF-8''%E9%9A%94%E7%A6%BB%E8%AE%B0%E5%BD%95.csv";
        await QuarantineExport.WriteAsync(q, unmasked, http.Response.Body, ct);
        return Results.Empty;
    }

    /// <summary>The items under the filter, or a 400 for a status or kind that can match nothing.</summary>
    private static ProblemHttpResult? Filtered(CreditHubDbContext db, string? status, string? catalog, string? kind, string? recordId, string? file, string? rule,
        out IQueryable<QuarantineItem> items)
    {
        items = QuarantineQuery.Filter(db, status, catalog, kind, recordId, file, rule);
        return QuarantineQuery.FilterError(status, kind) is { } error ? Refusal(StatusCodes.Status400BadRequest, error) : null;
    }

    private static async Task<Results<Ok<ItemDetail>, ProblemHttpResult>> GetAsync(
        long id, CreditHubDbContext db, ClaimsPrincipal user, IAuthorizationService auth, CancellationToken ct)
    {
        var i = await db.Set<QuarantineItem>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (i is null)
        {
            return Refusal(StatusCodes.Status404NotFound, $"隔离记录 {id} 不存在");
        }

        var state = await QuarantineQuery.RecordStateAsync(db, i, ct);
        var unmasked = await QuarantineQuery.SeesPersonalDataAsync(auth, user);
        string? Show(string? text) => QuarantineQuery.Show(text, unmasked);
        return TypedResults.Ok(new ItemDetail(
            i.Id, i.Kind, i.Catalog, i.RecordId, Show(i.FileName), i.SourceRow, i.Field, i.Rule, Show(i.Message)!, i.Status, i.CreatedAt,
            QuarantineQuery.ShowIssues(i.Issues, unmasked), QuarantineQuery.ShowJson(i.Original, unmasked), QuarantineQuery.ShowJson(i.Data, unmasked), state,
            i.ResolvedAt, Show(i.ResolvedBy), Show(i.Note), i.BatchId, i.FeedbackId));
    }

    private static Task<Results<Ok<ExchangeRecordView>, ProblemHttpResult>> CorrectAsync(
        long id, JsonElement body, HttpRequest request, QuarantineActions actions, ClaimsPrincipal user, CancellationToken ct, string? note = null) =>
        AnswerAsync(id, body, request, actions, user, note, merge: false, ct);

    /// <summary>The corrected fields only, merged into the item's data (RFC 7396; the body as for PUT).</summary>
    private static Task<Results<Ok<ExchangeRecordView>, ProblemHttpResult>> PatchAsync(
        long id, JsonElement body, HttpRequest request, QuarantineActions actions, ClaimsPrincipal user, CancellationToken ct, string? note = null) =>
        AnswerAsync(id, body, request, actions, user, note, merge: true, ct);

    /// <summary>
    /// A correction, bound as a <see cref="JsonElement"/> rather than a <see cref="JsonObject"/>: an element keeps a
    /// property given twice, which <see cref="CorrectionInput.BodyError"/> refuses, where the object threw (a 500).
    /// </summary>
    private static async Task<Results<Ok<ExchangeRecordView>, ProblemHttpResult>> AnswerAsync(
        long id, JsonElement body, HttpRequest request, QuarantineActions actions, ClaimsPrincipal user, string? note, bool merge, CancellationToken ct)
    {
        if (CorrectionInput.BodyError(body) is { } error)
        {
            return Refusal(StatusCodes.Status400BadRequest, error);
        }

        var correction = Correction.From(JsonObject.Create(body)!, request, note);
        var result = await actions.CorrectAsync(id, correction.Data, correction.Note, user.Identity?.Name ?? "unknown", ct, merge);
        return result.Outcome switch
        {
            QuarantineOutcome.NotFound => Refusal(StatusCodes.Status404NotFound, result.Message),
            QuarantineOutcome.NotOpen => Refusal(StatusCodes.Status409Conflict, result.Message),
            QuarantineOutcome.Invalid => Refusal(StatusCodes.Status422UnprocessableEntity, result.Message,
                result.Issues is { Count: > 0 } issues ? issues.Select(e => new IssueDto(e.Field, e.SourceColumn, e.Rule, e.Message)).ToList() : null),
            _ => TypedResults.Ok(new ExchangeRecordView(result.Record!.Catalog, result.Record.RecordId, result.Record.State, result.Record.ContentHash)),
        };
    }

    public sealed record ExchangeRecordView(string Catalog, string RecordId, string State, string ContentHash);

    private static async Task<Results<NoContent, ProblemHttpResult>> DismissAsync(
        long id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] Dismissal? body, QuarantineActions actions, ClaimsPrincipal user, CancellationToken ct)
    {
        var result = await actions.DismissAsync(id, body?.Reason, user.Identity?.Name ?? "unknown", ct);
        return result.Outcome switch
        {
            QuarantineOutcome.NotFound => Refusal(StatusCodes.Status404NotFound, result.Message),
            QuarantineOutcome.NotOpen => Refusal(StatusCodes.Status409Conflict, result.Message),
            _ => TypedResults.NoContent(),
        };
    }

    /// <summary>Pushes every pending record now (as the retry-pending job does), instead of waiting for the next run.</summary>
    private static async Task<Results<Ok<ResubmitResult>, ProblemHttpResult>> ResubmitAsync(ExchangeRunner runner, ClaimsPrincipal user, CancellationToken ct)
    {
        var summary = await runner.RunAsync(new ExchangeRunRequest(ExchangeRunMode.PushOnly, user.Identity?.Name ?? "unknown"), null, ct);
        if (summary.Status == ExchangeRunStatus.LockBusy)
        {
            return Refusal(StatusCodes.Status409Conflict, "另一次交换正在运行，请稍后再试");
        }

        return TypedResults.Ok(new ResubmitResult(summary.Status.ToString(), summary.OneLine(), summary.Counts()));
    }

    public sealed record ResubmitResult(string Status, string Summary, IReadOnlyDictionary<string, long> Counts);
}
