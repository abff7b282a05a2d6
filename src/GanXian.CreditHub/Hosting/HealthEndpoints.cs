using GanXian.CreditHub.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GanXian.CreditHub.Hosting;

public static class HealthEndpoints
{
    public static WebApplicationBuilder AddHubHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        return builder;
    }

    /// <summary>The only anonymous endpoints: a load balancer must reach them without credentials.</summary>
    public static WebApplication MapHubHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        return app;
    }

    /// <summary>Ready means: the database answers and no migration is pending.</summary>
    private sealed class DatabaseReadyCheck(IServiceScopeFactory scopes) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var migrator = scope.ServiceProvider.GetRequiredService<DatabaseMigrator>();
                var pending = await migrator.PendingAsync(ct);
                return pending.Count == 0
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy($"{pending.Count} migrations pending");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("database unreachable", ex);
            }
        }
    }
}
