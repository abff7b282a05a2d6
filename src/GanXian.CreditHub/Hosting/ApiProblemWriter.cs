using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Hosting;

/// <summary>
/// Writes every problem under <c>/api</c> as <c>application/problem+json</c>, whatever the request's Accept header.
/// The framework's writer only answers clients that accept JSON: a client asking for the CSV or NDJSON exports
/// (<c>Accept: text/csv</c>) got "Status Code: 404; Not Found" as plain text, or an empty 500 when the hub itself
/// wrote the problem. An error is not the representation the client asked for, and RFC 9110 (§15.5.7) lets a server
/// send it in its own format rather than a 406.
/// </summary>
internal sealed class ApiProblemWriter(IOptions<ProblemDetailsOptions> problems, IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public const string ContentType = "application/problem+json";

    public bool CanWrite(ProblemDetailsContext context) => context.HttpContext.Request.Path.StartsWithSegments("/api");

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Status ??= context.HttpContext.Response.StatusCode;
        problems.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions, ContentType,
            context.HttpContext.RequestAborted));
    }
}
