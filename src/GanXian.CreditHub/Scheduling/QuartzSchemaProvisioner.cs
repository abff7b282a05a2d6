using GanXian.CreditHub.Data;
using Quartz;

namespace GanXian.CreditHub.Scheduling;

/// <summary>
/// Creates Quartz's tables on PostgreSQL during <c>db migrate</c>. The clustered store of <c>serve</c> creates what is
/// missing when it starts, but only if its role may create tables: the application role of a two-role set-up
/// (<c>Database:AppRole</c>) may not, and serve stopped with "Could not create the database schema". Created here, by
/// the owner, the tables exist before serve starts and the grants that follow cover them.
/// </summary>
internal sealed class QuartzSchemaProvisioner(string connectionString) : ISchemaProvisioner
{
    public string Name => "quartz";

    public async Task ProvisionAsync(CancellationToken ct)
    {
        // Quartz provisions its schema when a scheduler starts. This one has a name of its own (it shares no rows with
        // the hub's cluster), is not clustered, has no jobs, and is shut down at once.
        using var factory = QuartzSchedulerBuilder.Create(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "credithub-schema";
                s.InstanceId = "db-migrate";
            });
            q.UseDefaultThreadPool(1);
            q.UsePersistentStore(store => SchedulingComposition.UsePostgresStore(store, connectionString));
        }).Build();
        var scheduler = await factory.GetScheduler(ct);
        await scheduler.Start(ct);
        await scheduler.Shutdown(waitForJobsToComplete: false, ct);
    }
}
