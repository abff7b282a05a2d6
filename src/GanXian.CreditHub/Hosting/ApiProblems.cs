using Microsoft.AspNetCore.Mvc;

namespace GanXian.CreditHub.Hosting;

/// <summary>
/// Every error answer under <c>/api</c> has a body: an RFC 9457 problem (<c>application/problem+json</c>) with a
/// Chinese title, and for a request the hub could not bind (a query value of the wrong type, malformed JSON, another
/// content type) the reason. Without this, ASP.NET Core answers such requests with an empty 400 or 415, and a client
/// integrating with the hub cannot tell what it did wrong. Whatever the client accepts (<see cref="ApiProblemWriter"/>).
/// </summary>
public static class ApiProblems
{
    public static WebApplicationBuilder AddHubProblems(this WebApplicationBuilder builder)
    {
        // Before AddProblemDetails adds the framework's writer: the first writer that can write a problem writes it.
        builder.Services.AddSingleton<IProblemDetailsWriter, ApiProblemWriter>();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var status = ctx.ProblemDetails.Status ?? ctx.HttpContext.Response.StatusCode;
            // The framework fills in the English reason phrase; a title an endpoint chose itself is kept.
            var title = ctx.ProblemDetails.Title;
            if (title is null || status >= 500 || title == Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status))
            {
                ctx.ProblemDetails.Title = Title(status) ?? title;
            }

            ctx.ProblemDetails.Type = null;
            ctx.ProblemDetails.Extensions.Remove("traceId");
        });

        // Binding failures become exceptions the middleware below turns into problems; otherwise they end as empty answers.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return builder;
    }

    public static WebApplication UseHubProblems(this WebApplication app)
    {
        app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments("/api"), api =>
        {
            api.UseStatusCodePages();
            api.Use(async (ctx, next) =>
            {
                try
                {
                    await next(ctx);
                }
                catch (BadHttpRequestException ex) when (!ctx.Response.HasStarted)
                {
                    // The framework's reason names the parameter and the value: masked, since a value may be an ID number.
                    var detail = PersonalIdRedactor.Mask(BadRequestText.Chinese(ex.Message));
                    Log(ctx).LogInformation("请求 {Method} {Path} 无效（{Status}）：{Detail}", ctx.Request.Method, ctx.Request.Path, ex.StatusCode, detail);
                    await WriteAsync(ctx, ex.StatusCode, detail);
                }
                catch (Exception ex) when (!ctx.Response.HasStarted && ex is not OperationCanceledException)
                {
                    Log(ctx).LogError(ex, "请求 {Method} {Path} 处理失败", ctx.Request.Method, ctx.Request.Path);
                    await WriteAsync(ctx, StatusCodes.Status500InternalServerError, "处理请求时出错，已记录日志；请稍后重试或联系系统管理员。");
                }
            });
        });
        return app;
    }

    private static ILogger Log(HttpContext ctx) => ctx.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiProblems));

    /// <summary>Answers with a problem of the hub's (status, Chinese title, <paramref name="detail"/>) in place of anything written so far.</summary>
    public static async Task WriteAsync(HttpContext ctx, int status, string detail)
    {
        ctx.Response.Clear();
        ctx.Response.StatusCode = status;
        await ctx.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = ctx,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        });
    }

    private static string? Title(int status) => status switch
    {
        400 => "请求无效",
        401 => "未认证：请登录，或在请求头 Authorization: Bearer <密钥> 中提供有效的 API 密钥",
        403 => "无权访问：当前账号或密钥的角色不允许此操作",
        404 => "未找到",
        405 => "不支持此请求方法",
        406 => "无法按请求的格式（Accept）应答",
        409 => "与当前状态冲突",
        413 => "请求内容过大",
        415 => "不支持的内容类型：请求体请使用 application/json",
        422 => "内容未通过校验",
        429 => "请求过于频繁，请稍后再试",
        >= 500 => "服务器内部错误",
        _ => null,
    };
}
