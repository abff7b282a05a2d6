using System.Security.Cryptography;
using GanXian.CreditHub.Identity;
using Microsoft.AspNetCore.Mvc;

namespace GanXian.CreditHub.AuditLog;

/// <summary>The auditors' API: search, verify, export, public key and checkpoints. Every call is auditor-only and logged.</summary>
public static class AuditEndpoints
{
    public static WebApplication MapAuditLog(this WebApplication app)
    {
        var api = app.MapGroup("/api/audit").RequireAuthorization(Policies.Auditor);

        api.MapGet("/entries", async (
            [FromQuery] string? chain, [FromQuery] string? entityKey, [FromQuery] string? recordId, [FromQuery] string? batchId,
            [FromQuery] DateTimeOffset? from, [FromQuery] DateTimeOffset? to, [FromQuery] string? state, [FromQuery] string? kind,
            [FromQuery] int? page, [FromQuery] int? pageSize, HttpContext http, AuditSearch search, CancellationToken ct) =>
        {
            if (ParseChain(chain) is not { } c)
            {
                return BadChain();
            }

            var query = new AuditSearchQuery
            {
                Chain = c, EntityKey = entityKey, RecordId = recordId, BatchId = batchId, From = from, To = to, State = state, Kind = kind,
                Page = page ?? 1, PageSize = pageSize ?? 50,
            };
            if (query.Validate() is { } error)
            {
                return Results.Problem(error, statusCode: StatusCodes.Status400BadRequest);
            }

            return Results.Ok(await search.SearchAsync(query, Actor(http), ct));
        }).RequireAuthorization(Policies.Auditor);

        api.MapGet("/verify", async ([FromQuery] string? chain, [FromQuery] long? from, [FromQuery] long? to, HttpContext http,
            AuditVerifier verifier, AuditSigningKey key, AuditSearch search, CancellationToken ct) =>
        {
            if (ParseChain(chain) is not { } c)
            {
                return BadChain();
            }

            using var publicKey = AuditVerifier.LocalPublicKey(key);
            var report = await verifier.VerifyAsync(c, from, to, publicKey, ct);
            await search.RecordAsync(Actor(http), "audit.verify",
                $"chain={ChainNames.Name(c)} from={from} to={to} ok={report.Ok} first={report.FirstProblem?.Seq}", null, ct);
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

        api.MapGet("/export", async ([FromQuery] string? chain, [FromQuery] DateTimeOffset? from, [FromQuery] DateTimeOffset? to,
            [FromQuery] string? entityKey, [FromQuery] string? batchId, [FromQuery] string? recordId, [FromQuery] long? fromSeq, [FromQuery] long? toSeq,
            HttpContext http, AuditExporter exporter, AuditSigningKey key, IAuditCheckpoints checkpoints, AuditSearch search, TimeProvider clock,
            CancellationToken ct) =>
        {
            if (ParseChain(chain) is not { } c)
            {
                return BadChain();
            }

            var filter = new AuditExportFilter
            {
                Chain = c, From = from, To = to, EntityKey = AuditSearch.EntityKey(entityKey), BatchId = batchId, RecordId = recordId, FromSeq = fromSeq, ToSeq = toSeq,
            };
            await search.RecordAsync(Actor(http), "audit.export", AuditReportText.Describe(filter), filter.EntityKey, ct);

            // Sign the current head first, so the whole export up to now is covered by a checkpoint.
            await checkpoints.WriteAsync(c, "export", ct);
            http.Response.ContentType = "application/x-ndjson; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"audit-{ChainNames.Name(c)}.jsonl\"";
            await exporter.ExportAsync(filter, key.PublicKeyPem, key.KeyFingerprint, Actor(http), clock.GetUtcNow(), http.Response.Body, ct);
            return Results.Empty;
        }).RequireAuthorization(Policies.Auditor);

        api.MapGet("/public-key", (AuditSigningKey key) => key.Exists
                ? Results.Text(key.PublicKeyPem, "application/x-pem-file")
                : Results.Problem("尚未生成审计签名密钥（audit keygen）", statusCode: StatusCodes.Status404NotFound))
            .RequireAuthorization(Policies.Auditor);

        return app;
    }

    private static LogChain? ParseChain(string? chain) => chain is null ? LogChain.Exchange : ChainNames.Parse(chain);

    private static IResult BadChain() => Results.Problem("参数 chain 只能是 exchange 或 operation", statusCode: StatusCodes.Status400BadRequest);

    private static string Actor(HttpContext http) => http.User.Identity?.Name ?? "unknown";
}
