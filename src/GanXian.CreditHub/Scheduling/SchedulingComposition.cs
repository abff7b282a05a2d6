using GanXian.CreditHub.Data;
using GanXian.CreditHub.Scheduling.Calendar;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace GanXian.CreditHub.Scheduling;

public static class SchedulingComposition
{
    /// <summary>The name every node of one hub's cluster shares in the Quartz tables.</summary>
    public const string SchedulerName = "credithub";

    public static WebApplicationBuilder AddHubScheduling(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(SchedulingOptions.Section);
        services.AddOptions<SchedulingOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsValidator>();
        services.AddHubDistributedLock(builder.Configuration);

        services.AddSingleton<ScheduleCatalog>();
        services.AddSingleton(sp => sp.GetRequiredService<ScheduleCatalog>().Calendar);
        services.AddSingleton<JobRunner>();
        services.AddScoped<JobQueries>();
        services.AddScoped<IScheduledTask, CalendarCoverageTask>();

        var settings = section.Get<SchedulingOptions>() ?? new SchedulingOptions();
        if (!settings.Enabled)
        {
            return builder;
        }

        var provider = DatabaseOptions.ParseProvider(builder.Configuration[$"{DatabaseOptions.Section}:Provider"] ?? "Sqlite");
        var connectionString = builder.Configuration[$"{DatabaseOptions.Section}:ConnectionString"];
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = SchedulerName;
                s.InstanceId = settings.NodeId;
            });
            q.UseDefaultThreadPool(settings.MaxConcurrency);
            // Without a connection string the database options fail validation at start with the key named; Quartz
            // must not throw first while the services are being composed.
            if (provider == DatabaseProvider.Postgres && !string.IsNullOrWhiteSpace(connectionString))
            {
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(NpgsqlFactory.Instance, connectionString);
                    store.UseSystemTextJsonSerializer();
                    store.ProvisionSchema();
                    store.ConfigureStore(o => o.MisfireThreshold = settings.MisfireThreshold);
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = settings.ClusterCheckinInterval;
                        c.CheckinMisfireThreshold = settings.ClusterCheckinMisfireThreshold;
                    });
                });
            }
            else
            {
                // The embedded single-node default: nothing to share, and a restart re-reads the files anyway.
                q.UseInMemoryStore(o => o.MisfireThreshold = settings.MisfireThreshold);
            }
        });
        services.AddHostedService<SchedulerService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapHubScheduling(this IEndpointRouteBuilder app) => app.MapJobEndpoints();
}
