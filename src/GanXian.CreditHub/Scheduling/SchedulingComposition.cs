using GanXian.CreditHub.Data;
using GanXian.CreditHub.Web;
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
        services.AddOptions<SchedulingOptions>().Configure(o => o.BindingError = TryBind(section, o)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsValidator>();
        services.AddHubDistributedLock(builder.Configuration);

        services.AddSingleton<ScheduleCatalog>();
        services.AddSingleton(sp => sp.GetRequiredService<ScheduleCatalog>().Calendar);
        services.AddSingleton<JobRunner>();
        services.AddScoped<JobQueries>();
        services.AddHubNavigation(new NavigationItem("定时任务", "/jobs", Identity.Policies.Operations, Order: 800));
        services.AddScoped<IScheduledTask, CalendarCoverageTask>();

        var settings = new SchedulingOptions();
        TryBind(section, settings);
        settings = QuartzSafe(settings);
        var provider = DatabaseOptions.ParseProvider(builder.Configuration[$"{DatabaseOptions.Section}:Provider"] ?? "Sqlite");
        var connectionString = builder.Configuration[$"{DatabaseOptions.Section}:ConnectionString"] ?? "";

        if (provider == DatabaseProvider.Postgres && !string.IsNullOrWhiteSpace(connectionString))
        {
            // Whether or not this node schedules: a web-only node's db migrate prepares the tables for the nodes that do.
            services.AddSingleton<ISchemaProvisioner>(new QuartzSchemaProvisioner(connectionString));
        }

        // Without a connection string the database options fail validation at start, naming the key; Quartz would
        // only throw a less helpful error while the services are being registered.
        if (!settings.Enabled || (provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(connectionString)))
        {
            return builder;
        }

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = SchedulerName;
                s.InstanceId = settings.NodeId;
            });
            q.UseDefaultThreadPool(settings.MaxConcurrency);
            if (provider == DatabaseProvider.Postgres)
            {
                q.UsePersistentStore(store =>
                {
                    UsePostgresStore(store, connectionString);
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

    /// <summary>
    /// The PostgreSQL store, for the hub's scheduler and for <see cref="QuartzSchemaProvisioner"/>: whatever of the schema
    /// is missing is created when a scheduler starts (by <c>db migrate</c> as the owner; a role that may not create tables
    /// finds them there and carries on).
    /// </summary>
    internal static void UsePostgresStore(IPersistentStoreBuilder store, string connectionString)
    {
        store.UsePostgres(NpgsqlFactory.Instance, connectionString);
        store.UseSystemTextJsonSerializer();
        store.ProvisionSchema();
    }

    /// <summary>A value the binder cannot convert ("Enabled": "maybe") becomes a validation failure naming the key, not a crash.</summary>
    private static string? TryBind(IConfigurationSection section, SchedulingOptions options)
    {
        try
        {
            section.Bind(options);
            return null;
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>
    /// Quartz validates its own options at start too; handing it only valid values leaves one message for a wrong
    /// setting, ours, which names the key (an invalid value is still refused by <see cref="SchedulingOptionsValidator"/>).
    /// </summary>
    private static SchedulingOptions QuartzSafe(SchedulingOptions o)
    {
        var defaults = new SchedulingOptions();
        o.MisfireThreshold = o.MisfireThreshold > TimeSpan.Zero ? o.MisfireThreshold : defaults.MisfireThreshold;
        o.ClusterCheckinInterval = o.ClusterCheckinInterval > TimeSpan.Zero ? o.ClusterCheckinInterval : defaults.ClusterCheckinInterval;
        o.ClusterCheckinMisfireThreshold = o.ClusterCheckinMisfireThreshold > TimeSpan.Zero ? o.ClusterCheckinMisfireThreshold : defaults.ClusterCheckinMisfireThreshold;
        o.MaxConcurrency = o.MaxConcurrency is >= 1 and <= 50 ? o.MaxConcurrency : defaults.MaxConcurrency;
        return o;
    }

    public static IEndpointRouteBuilder MapHubScheduling(this IEndpointRouteBuilder app) => app.MapJobEndpoints();
}
