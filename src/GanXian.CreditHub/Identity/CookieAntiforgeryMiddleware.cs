using Microsoft.AspNetCore.Antiforgery;

namespace GanXian.CreditHub.Identity;

/// <summary>
/// Antiforgery for every state-changing request a browser can forge: anonymous ones (the sign-in form) and those
/// authenticated by the sign-in cookie, whatever the endpoint (page, form or JSON API). Requests authenticated by an
/// API key carry no ambient credential and are not checked. An endpoint opts out only with explicit
/// <c>DisableAntiforgery()</c> metadata. Failure answers 400.
/// </summary>
public sealed class CookieAntiforgeryMiddleware(RequestDelegate next, IAntiforgery antiforgery, ILogger<CookieAntiforgeryMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        bool valid;
        try
        {
            valid = !NeedsCheck(context) || await antiforgery.IsRequestValidAsync(context);
        }
        catch (Exception ex) when (TooLarge(ex) || TooLarge(ex.InnerException))
        {
            // The token is read from the form, so a form over the reader's limits (an upload too large) fails here.
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, "提交的内容超过上限（上传的文件过大），请拆分后重试。");
            return;
        }

        if (!valid)
        {
            logger.LogWarning("防伪令牌校验失败：{Method} {Path}", context.Request.Method, context.Request.Path);
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "请求缺少有效的防伪令牌，请刷新页面后重试。");
            return;
        }

        await next(context);
    }

    /// <summary>The page's scripts call the JSON API with the cookie: there the answer is a problem like every other API error.</summary>
    private static async Task RefuseAsync(HttpContext context, int status, string message)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await Hosting.ApiProblems.WriteAsync(context, status, message);
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message, context.RequestAborted);
    }

    /// <summary>What the form reader throws beyond its limits (wrapped in an <see cref="AntiforgeryValidationException"/> by the token store).</summary>
    private static bool TooLarge(Exception? ex) => ex is InvalidDataException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge };

    private static bool NeedsCheck(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            || HttpMethods.IsOptions(context.Request.Method) || HttpMethods.IsTrace(context.Request.Method))
        {
            return false;
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<IAntiforgeryMetadata>() is { RequiresValidation: false })
        {
            return false;
        }

        var identity = context.User.Identity;
        return identity is not { IsAuthenticated: true } || identity.AuthenticationType == IdentityComposition.CookieScheme;
    }
}
