using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Identity;

namespace GanXian.CreditHub.Scheduling;

/// <summary>
/// <c>GET /api/jobs</c>, <c>GET /api/jobs/history</c> (officers and administrators) and <c>POST /api/jobs/{name}/run</c>
/// (administrators). A manual run executes on the node that received the request, under the job's lock, and answers
/// when it is finished: 200 with the run (its <c>outcome</c> says whether it succeeded), 409 when another run holds the
/// lock, 404 for an unknown job.
/// </summary>
public static class JobEndpoints
{
    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/jobs").RejectUnknownQueryParameters();

        jobs.MapGet("", async (JobQueries queries, CancellationToken ct) => Results.Ok(await queries.ListAsync(ct)))
            .RequireAuthorization(Policies.Operations);

        // A limit outside 1…MaxLimit is refused as `jobs history --limit` refuses it: the query would clamp it, and
        // limit=0 answered an empty list, as if no job had ever run.
        jobs.MapGet("/history", async (string? job, int? limit, JobQueries queries, CancellationToken ct) =>
                limit is < 1 or > JobQueries.MaxLimit
                    ? Results.Problem(statusCode: StatusCodes.Status400BadRequest, detail: $"参数 limit 应为 1 到 {JobQueries.MaxLimit} 之间的整数（实际为 {limit}）")
                    : Results.Ok(await queries.HistoryAsync(job, limit ?? 50, ct)))
            .RequireAuthorization(Policies.Operations);

        jobs.MapPost("/{name}/run", async (string name, HttpContext http, JobRunner runner, ScheduleCatalog catalog, IHostApplicationLifetime lifetime) =>
            {
                if (catalog.Find(name) is not { } job)
                {
                    return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"没有名为“{name}”的计划任务");
                }

                // The host's token, not the request's: a client that gives up waiting must not abort an exchange half way.
                var run = await runner.RunAsync(job, JobRunRequest.Manual(http.User.Identity?.Name ?? "unknown"), lifetime.ApplicationStopping);
                return run.Outcome == JobOutcomes.Skipped
                    ? Results.Conflict(JobRunView.From(run))
                    : Results.Ok(JobRunView.From(run));
            })
            .RequireAuthorization(Policies.Administrator);

        return app;
    }
}
