namespace GanXian.CreditHub.Hosting;

/// <summary>
/// HEAD on every GET endpoint (RFC 9110 §9.3.2): monitoring probes, link checkers and <c>curl -I</c> use it, and minimal
/// API endpoints only answer the methods they are mapped with, so without this a HEAD got 405. The request is routed
/// and authorised as the GET it stands for; the method is HEAD again before the response starts, so Kestrel sends the
/// headers without the body. A GET that records an access (the auditors' search, verification and export write
/// <c>audit.*</c> entries) asks <see cref="IsHead"/> first: a HEAD discloses nothing, so it must neither do the
/// work nor be logged as if the data had been fetched.
/// </summary>
public static class HeadRequests
{
    private static readonly object HeadKey = new();

    /// <summary>True while a HEAD request runs as the GET it stands for.</summary>
    public static bool IsHead(HttpContext context) => context.Items.ContainsKey(HeadKey);

    /// <summary>What a GET endpoint that logs its access answers a HEAD: the status and content type of the GET, no body, nothing done.</summary>
    public static IResult HeadersOnly(HttpContext context, string contentType)
    {
        context.Response.ContentType = contentType;
        return Results.Empty;
    }

    public static WebApplication UseHeadAsGet(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await next(context);
                return;
            }

            context.Items[HeadKey] = true;
            context.Request.Method = HttpMethods.Get;
            context.Response.OnStarting(() =>
            {
                context.Request.Method = HttpMethods.Head;
                return Task.CompletedTask;
            });
            await next(context);
        });

        // Routing must come after the rewrite, or it has already matched HEAD against the GET endpoints.
        app.UseRouting();
        return app;
    }
}
