namespace GanXian.CreditHub.Hosting;

/// <summary>
/// HEAD on every GET endpoint (RFC 9110 §9.3.2): monitoring probes, link checkers and <c>curl -I</c> use it, and minimal
/// API endpoints only answer the methods they are mapped with, so without this a HEAD got 405. The request is routed
/// and authorised as the GET it stands for; the method is HEAD again before the response starts, so Kestrel sends the
/// headers without the body.
/// </summary>
public static class HeadRequests
{
    public static WebApplication UseHeadAsGet(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await next(context);
                return;
            }

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
