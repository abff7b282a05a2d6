using GanXian.CreditHub.Scheduling;

namespace GanXian.CreditHub.Reconciliation;

public static class ReconciliationComposition
{
    /// <summary>The <c>expiry-sweep</c> and <c>reconciliation</c> jobs (schedules/jobs/) and the reconciler behind <c>reconcile</c>.</summary>
    public static WebApplicationBuilder AddHubReconciliation(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<Reconciler>();
        builder.Services.AddScoped<IScheduledTask, ExpirySweepTask>();
        builder.Services.AddScoped<IScheduledTask, ReconciliationTask>();
        return builder;
    }
}
