using System.Security.Cryptography;
using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Identity;
using Microsoft.AspNetCore.Mvc;

namespace GanXian.CreditHub.AuditLog;

/// <summary>
/// The auditors' API: search, verify, export, public key and checkpoints. Every call is auditor-only and logged; a HEAD
/// is answered from the checks of the request alone (<see cref="HeadRequests.IsHead"/>), with nothing searched,
/// verified, signed or logged.
/// </summary>
public static class AuditEndpoints
{
    private const string Json = "application/json; charset=utf-8";

    public static WebApplication MapAuditLog(this WebApplication app)
    {
        var api = app.MapGroup("/api/audit").RequireAuthorization(Policies.Auditor).RejectUnknownQueryParameters();

        api.MapGet("/entries", async ([AsParameters] FilterQuery query, [FromQuery] int? page, [FromQuery] int? pageSize, HttpContext http,
            AuditSearch search, CancellationToken ct) =>
        {
            var (p, size) = (page ?? 1, pageSize ?? 50);
            if ((query.ToFilter(out var filter) ?? AuditSearch.ValidatePaging(p, size)) is { } error)
            {
                return Results.Problem(error, statusCode: StatusCodes.Status400BadRequest);
            }

            if (HeadRequests.IsHead(http))
            {
                return HeadRequests.HeadersOnly(http, Json);
            }

            return Results.Ok(await search.SearchAsync(filter, p, size, Actor(http), ct));
        }).RequireAuthorization(Policies.Auditor);

        // from/to are sequence numbers here, as in `audit verify --from --to`; fromSeq/toSeq, the search's names for
        // them, work too.
        api.MapGet("/verify", async ([FromQuery] string? chain, [FromQuery] long? from, [FromQuery] long? to, [FromQuery] long? fromSeq,
            [FromQuery] long? toSeq, HttpContext http, AuditVerifier verifier, AuditSigningKey key, AuditSearch search, CancellationToken ct) =>
        {
            from ??= fromSeq;
            to ??= toSeq;
            if (ParseChain(chain) is not { } c)
            {
                return BadChain();
            }

            if (await verifier.RangeErrorAsync(c, from, to, ct) is { } range)
            {
                return Results.Problem(range, statusCode: StatusCodes.Status400BadRequest);
            }

            if (HeadRequests.IsHead(http))
            {
                return HeadRequests.HeadersOnly(http, Json);
            }

            using var publicKey = AuditVerifier.LocalPublicKey(key);
            var report = await verifier.VerifyAsync(c, from, to, publicKey, ct);
            await search.RecordVerifyAsync(Actor(http), c, from, to, report, ct);
            return Results.Ok(new
            {
                chain = ChainNames.Name(c),
                ok = report.Ok,
                @checked = report.Checked,
                firstSeq = report.FirstSeq,
                lastSeq = report.LastSeq,
                lastSignedSeq = report.LastSignedSeq,
                checkpoints = report.CheckpointsChecked,
                firstProblem = report.FirstProblem,
                problems = report.Problems.OrderBy(p => p.Seq).Take(100),
                notes = report.Notes,
                summary = AuditReportText.Summary(report),
            });
        }).RequireAuthorization(Policies.Auditor);

        api.MapGet("/export", async ([AsParameters] FilterQuery query, HttpContext http, AuditExporter exporter, AuditSigningKey key,
            IAuditCheckpoints checkpoints, AuditSearch search, TimeProvider clock, CancellationToken ct) =>
        {
            if (query.ToFilter(out var filter) is { } error)
            {
                return Results.Problem(error, statusCode: StatusCodes.Status400BadRequest);
            }

            var c = filter.Chain;
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"audit-{ChainNames.Name(c)}.jsonl\"";
            if (HeadRequests.IsHead(http))
            {
                return HeadRequests.HeadersOnly(http, "application/x-ndjson; charset=utf-8");
            }

            await search.RecordAsync(Actor(http), "audit.export", filter.Describe(), filter.EntityKey, ct);

            // Sign the current head first, so the whole export up to now is covered by a checkpoint.
            await checkpoints.WriteAsync(c, "export", ct);
            http.Response.ContentType = "application/x-ndjson; charset=utf-8";
            await exporter.ExportAsync(filter, key.PublicKeyPem, key.KeyFingerprint, Actor(http), clock.GetUtcNow(), http.Response.Body, ct);
            return Results.Empty;
        }).RequireAuthorization(Policies.Auditor);

        api.MapGet("/public-key", (AuditSigningKey key) => key.Exists
                ? Results.Text(key.PublicKeyPem, "application/x-pem-file")
                : Results.Problem("尚未生成审计签名密钥（audit keygen）", statusCode: StatusCodes.Status404NotFound))
            .RequireAuthorization(Policies.Auditor);

        return app;
    }

    /// <summary>
    /// The filter as query parameters: <c>?chain=&amp;entityKey=&amp;recordId=&amp;batchId=&amp;from=&amp;to=&amp;state=&amp;kind=&amp;fromSeq=&amp;toSeq=</c>,
    /// and the CLI's names <c>entity</c>, <c>record</c>, <c>batch</c>, <c>since</c>, <c>until</c> for the same. Times are
    /// read as the CLI reads them (<see cref="AuditTimeText"/>): a date is a business day in Asia/Shanghai, and a date
    /// as the end includes that day.
    /// </summary>
    internal sealed record FilterQuery(
        string? Chain, string? EntityKey, string? RecordId, string? BatchId, string? From, string? To, string? State, string? Kind,
        long? FromSeq, long? ToSeq, string? Entity, string? Record, string? Batch, string? Since, string? Until, string? Actor)
    {
        /// <summary>Returns an error message, or null with <paramref name="filter"/> set.</summary>
        public string? ToFilter(out AuditFilter filter)
        {
            filter = new AuditFilter();
            if (ParseChain(Chain) is not { } chain)
            {
                return "参数 chain 只能是 exchange 或 operation";
            }

            string?[] errors =
            [
                Either(EntityKey, Entity, "entityKey", "entity", out var entity),
                Either(RecordId, Record, "recordId", "record", out var record),
                Either(BatchId, Batch, "batchId", "batch", out var batch),
                Either(From, Since, "from", "since", out var from),
                Either(To, Until, "to", "until", out var to),
            ];
            if (errors.FirstOrDefault(e => e is not null) is { } conflict)
            {
                return conflict;
            }

            string?[] times =
            [
                AuditTimeText.Parse(from, end: false, string.IsNullOrWhiteSpace(From) ? "since" : "from", out var fromAt),
                AuditTimeText.Parse(to, end: true, string.IsNullOrWhiteSpace(To) ? "until" : "to", out var toAt),
            ];
            if (times.FirstOrDefault(e => e is not null) is { } badTime)
            {
                return badTime;
            }

            filter = new AuditFilter
            {
                Chain = chain, EntityKey = entity, RecordId = record, BatchId = batch, From = fromAt, To = toAt,
                State = State, Kind = Kind, FromSeq = FromSeq, ToSeq = ToSeq, Actor = Actor,
            };
            return filter.Validate();
        }

        /// <summary>One of two names for the same parameter; both given with different values is an error.</summary>
        private static string? Either(string? a, string? b, string nameA, string nameB, out string? value)
        {
            value = string.IsNullOrWhiteSpace(a) ? b : a;
            return !string.IsNullOrWhiteSpace(a) && !string.IsNullOrWhiteSpace(b) && a.Trim() != b.Trim()
                ? $"参数 {nameA} 与 {nameB} 是同一条件，给出了不同的值"
                : null;
        }
    }

    private static LogChain? ParseChain(string? chain) => chain is null ? LogChain.Exchange : ChainNames.Parse(chain);

    private static IResult BadChain() => Results.Problem("参数 chain 只能是 exchange 或 operation", statusCode: StatusCodes.Status400BadRequest);

    private static string Actor(HttpContext http) => http.User.Identity?.Name ?? "unknown";
}
