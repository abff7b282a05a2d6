using System.Text.Encodings.Web;
using System.Text.Unicode;
using GanXian.CreditHub.Identity;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.WebEncoders;

namespace GanXian.CreditHub.Web;

/// <summary>
/// The web UI: Razor Pages anywhere in the project (each capability keeps its pages in its own folder and gives them
/// an absolute route, <c>@page "/blacklist"</c>), one Chinese layout (<c>Web/Shared/_Layout.cshtml</c>) whose
/// navigation shows each user the entries their roles allow, and the shared stylesheet under <c>/static</c>.
/// </summary>
public static class WebComposition
{
    public static WebApplicationBuilder AddHubWeb(this WebApplicationBuilder builder)
    {
        // The pages live in this assembly even when another one (a test host) is the entry assembly.
        var hub = typeof(WebComposition).Assembly;
        builder.Services.AddRazorPages(o => o.RootDirectory = "/").ConfigureApplicationPartManager(parts =>
        {
            foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(hub).GetApplicationParts(hub))
            {
                if (!parts.ApplicationParts.Any(p => p.GetType() == part.GetType() && p.Name == part.Name))
                {
                    parts.ApplicationParts.Add(part);
                }
            }
        });

        // Chinese text goes into pages as characters, not as &#x…; entities.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.AddSingleton<NavigationMenu>();
        builder.Services.AddHubNavigation(new NavigationItem("首页", "/", Policies.AnyRole, Order: 0));
        builder.Services.AddHubNavigation(new NavigationItem("账户与密钥", "/admin/accounts", Policies.Administrator, Order: 900));
        return builder;
    }

    public static WebApplication MapHubWeb(this WebApplication app)
    {
        app.MapRazorPages();
        return app;
    }
}
