using GanXian.CreditHub.Collect;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.Scheduling;
using GanXian.CreditHub.Platform;
using GanXian.CreditHub.Reconciliation;
using GanXian.CreditHub.Web;

namespace GanXian.CreditHub.Hosting;

/// <summary>
/// The list of capabilities the hub is made of. Program.cs calls these two methods; integration tests call them too,
/// on a builder whose configuration they have overridden, so tests run the same composition as production.
/// </summary>
public static class Composition
{
    public static WebApplicationBuilder AddCreditHub(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddHubLogging();
        builder.AddHubProblems();
        builder.AddHubReverseProxy();
        builder.AddHubData();
        builder.AddHubHealth();
        builder.AddHubAuthorization();
        builder.AddCollection();
        builder.AddAuditLog();
        builder.AddHubScheduling();
        builder.AddPlatform();
        builder.AddHubIdentity();
        builder.AddHubWeb();
        builder.AddHubExchange();
        builder.AddHubReconciliation();
        builder.AddHubOpenApi();
        return builder;
    }

    public static WebApplication UseCreditHub(this WebApplication app)
    {
        app.UseHubReverseProxy();
        app.UseHeadAsGet();
        app.UseHubRequestLogging();
        app.UseHubProblems();
        app.UseHubErrorPages();
        app.UseHubSecurity();
        app.MapHubHealth();
        app.MapAuditLog();
        app.MapHubScheduling();
        app.MapHubIdentity();
        app.MapHubWeb();
        app.MapHubExchange();
        app.MapHubOpenApi();
        return app;
    }
}
