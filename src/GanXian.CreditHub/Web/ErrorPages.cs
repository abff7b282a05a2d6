using System.Net;
using Microsoft.AspNetCore.Diagnostics;

namespace GanXian.CreditHub.Web;

/// <summary>
/// Error answers outside <c>/api</c> (which answers with problem JSON, <c>Hosting/ApiProblems</c>) have a Chinese
/// page: without one, a mistyped address or a failure gave an empty answer, which a browser shows as its own English
/// "HTTP ERROR 404" screen. The 403 page is the sign-in's (<c>Identity/IdentityComposition</c>, with <see cref="Html"/>); the unhandled
/// exception is logged here without its request data, which may hold ID numbers.
/// </summary>
public static class ErrorPages
{
    public static WebApplication UseHubErrorPages(this WebApplication app)
    {
        app.UseWhen(ctx => !ctx.Request.Path.StartsWithSegments("/api"), web =>
        {
            web.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandler = async ctx =>
                {
                    var failure = ctx.Features.Get<IExceptionHandlerFeature>();
                    ctx.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ErrorPages))
                        .LogError(failure?.Error, "页面 {Path} 处理失败", ctx.Request.Path);
                    await WriteAsync(ctx, StatusCodes.Status500InternalServerError);
                },
            });
            web.UseStatusCodePages(async status => await WriteAsync(status.HttpContext, status.HttpContext.Response.StatusCode));
        });
        return app;
    }

    private static Task WriteAsync(HttpContext ctx, int status)
    {
        var (title, text) = Describe(status);
        ctx.Response.StatusCode = status;
        if (!ctx.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            ctx.Response.ContentType = "text/plain; charset=utf-8";
            return ctx.Response.WriteAsync($"{status} {title}：{text}\n", ctx.RequestAborted);
        }

        ctx.Response.ContentType = "text/html; charset=utf-8";
        return ctx.Response.WriteAsync(Html(title, text), ctx.RequestAborted);
    }

    /// <summary>
    /// An error page: the one page for every status (the sign-in's 403 too), so each has the phone viewport (without
    /// it a phone lays the page out 980 px wide and shows it shrunk to unreadable text).
    /// </summary>
    public static string Html(string title, string text) =>
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        $"<title>{title}</title><link rel=\"stylesheet\" href=\"/static/site.css\"></head><body><main class=\"narrow\"><h1>{title}</h1>" +
        $"<p>{WebUtility.HtmlEncode(text)}</p><p><a href=\"/\">返回首页</a></p></main></body></html>";

    private static (string Title, string Text) Describe(int status) => status switch
    {
        401 => ("未登录", "请先登录后再访问此地址。"),
        404 => ("页面不存在", "您访问的地址不存在，可能输入有误，或该记录已被删除。请从首页的导航进入。"),
        405 => ("不支持此操作", "此页面不支持这种请求方式。请返回上一页，从页面上的按钮操作。"),
        400 => ("请求无效", "请求的内容无法处理，可能是页面已过期。请刷新页面后重试。"),
        >= 500 => ("系统出错", "处理您的请求时出错，已记录日志。请稍后重试；如仍出错，请联系系统管理员。"),
        _ => ("无法完成请求", $"请求未能完成（状态码 {status}）。请返回首页重试。"),
    };
}
