using GanXian.CreditHub.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Identity;

/// <summary>
/// Accounts, API keys and the authentication schemes: a policy scheme sends <c>Authorization: Bearer</c> requests to
/// the API-key handler and everything else to the sign-in cookie. Unauthenticated requests to pages are redirected to
/// the sign-in page; every other unauthenticated request gets 401; a missing role gives 403.
/// </summary>
public static class IdentityComposition
{
    public const string Scheme = "CreditHub";
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string LoginPath = "/account/login";
    public const string ApplicationName = "GanXian.CreditHub";

    public static WebApplicationBuilder AddHubIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var keyRingError = services.AddHubDataProtection(builder.Configuration, ApplicationName, builder.Environment.ContentRootPath);
        services.AddOptions<HubIdentityOptions>()
            .Bind(builder.Configuration.GetSection(HubIdentityOptions.Section))
            .Validate(o => o.Lockout.MaxFailedAttempts >= 1, "配置项 Identity:Lockout:MaxFailedAttempts 须不小于 1")
            .Validate(o => o.Lockout.Duration > TimeSpan.Zero, "配置项 Identity:Lockout:Duration 须为正的时长，例如 00:15:00")
            .Validate(o => o.Password.MinimumLength is >= 8 and <= PasswordPolicy.MaximumLength, "配置项 Identity:Password:MinimumLength 须在 8 到 128 之间")
            .Validate(o => o.Cookie.IdleTimeout > TimeSpan.Zero, "配置项 Identity:Cookie:IdleTimeout 须为正的时长，例如 00:30:00")
            .Validate(o => o.ApiKeys.DefaultLifetimeDays >= 1, "配置项 Identity:ApiKeys:DefaultLifetimeDays 须不小于 1")
            .Validate(o => string.IsNullOrEmpty(o.BootstrapAdmin.UserName) == string.IsNullOrEmpty(o.BootstrapAdmin.Password),
                "配置项 Identity:BootstrapAdmin:UserName 与 Identity:BootstrapAdmin:Password 须同时设置或同时不设置")
            .Validate(_ => keyRingError is null, keyRingError ?? "")
            .ValidateOnStart();

        services.AddSingleton<IPasswordHasher<HubUser>, PasswordHasher<HubUser>>();
        services.AddSingleton<PasswordPolicy>();
        services.AddScoped<IdentityAudit>();
        services.AddScoped<UserAccounts>();
        services.AddScoped<ApiKeys>();
        services.AddSingleton<Cli.IPasswordInput, Cli.ConsolePasswordInput>();
        services.AddHostedService<BootstrapAdministrator>();

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "credithub.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "__RequestVerificationToken";
            o.HeaderName = "X-CSRF-TOKEN";
        });

        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Cookie or API key", o => o.ForwardDefaultSelector = ctx =>
                ApiKeyAuthenticationHandler.PresentedKey(ctx.Request) is null ? CookieScheme : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, _ => { })
            .AddCookie(CookieScheme);
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).Configure<IOptions<HubIdentityOptions>>((o, hub) =>
        {
            o.Cookie.Name = "credithub.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = LoginPath;
            o.ReturnUrlParameter = "returnUrl";
            o.ExpireTimeSpan = hub.Value.Cookie.IdleTimeout;
            o.SlidingExpiration = true;
            o.Events = new CookieAuthenticationEvents
            {
                OnRedirectToLogin = ctx =>
                {
                    if (IsPageRequest(ctx.HttpContext))
                    {
                        ctx.Response.Redirect(ctx.RedirectUri);
                    }
                    else
                    {
                        ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    }

                    return Task.CompletedTask;
                },
                OnRedirectToAccessDenied = ctx =>
                {
                    ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                    if (!IsPageRequest(ctx.HttpContext))
                    {
                        return Task.CompletedTask;
                    }

                    // Without a charset (and with nosniff) browsers decode the page in their locale's legacy encoding: mojibake.
                    ctx.Response.ContentType = "text/html; charset=utf-8";
                    return ctx.Response.WriteAsync(ForbiddenPage, ctx.HttpContext.RequestAborted);
                },
                OnValidatePrincipal = ValidateCookieAsync,
            };
        });
        return builder;
    }

    /// <summary>Security headers, static assets, authentication, authorization and antiforgery, in that order.</summary>
    public static WebApplication UseHubSecurity(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        if (!app.Environment.IsDevelopment())
        {
            // Sent on HTTPS responses only (and never for localhost), as the HSTS specification requires.
            app.UseHsts();
        }

        // Not endpoints, so not subject to the fallback policy: the sign-in page needs its stylesheet.
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(IdentityComposition).Assembly, "GanXian.CreditHub.Web.wwwroot"),
            RequestPath = "/static",
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<CookieAntiforgeryMiddleware>();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>A Razor page, or (no endpoint matched) a browser navigation: these get the sign-in redirect; all else 401.</summary>
    public static bool IsPageRequest(HttpContext context) =>
        context.GetEndpoint() is { } endpoint
            ? endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not null
            : context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>Ends a sign-in as soon as the account is disabled, its password reset or its roles changed.</summary>
    private static async Task ValidateCookieAsync(CookieValidatePrincipalContext ctx)
    {
        var name = ctx.Principal?.Identity?.Name;
        var stamp = ctx.Principal?.FindFirst(HubClaims.SecurityStamp)?.Value;
        var accounts = ctx.HttpContext.RequestServices.GetRequiredService<UserAccounts>();
        var user = name is null ? null : await accounts.FindAsync(name, ctx.HttpContext.RequestAborted);
        if (user is null || user.Disabled || user.SecurityStamp != stamp)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(CookieScheme);
        }
    }

    private static readonly string ForbiddenPage = Web.ErrorPages.Html("无权访问", "您的角色无权访问此页面。如需权限，请联系系统管理员。");
}
