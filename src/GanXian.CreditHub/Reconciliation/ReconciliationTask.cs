using GanXian.CreditHub.Scheduling;

namespace GanXian.CreditHub.Reconciliation;

/// <summary><c>reconciliation</c>: the weekly read-back, comparison and repair (<see cref="Reconciler"/>).</summary>
// The reconciler is resolved per run, not injected: the scheduler resolves every task at start to check the schedule
// files, and the platform client cannot be built before the embedded simulator has started.
internal sealed class ReconciliationTask(IServiceProvider services) : IScheduledTask
{
    public string JobType => "reconciliation";

    public async Task<ScheduledTaskResult> RunAsync(ScheduledTaskContext context, CancellationToken ct)
    {
        var dryRun = context.Parameters.TryGetValue("dryRun", out var v) && bool.TryParse(v, out var b) && b;
        var report = await services.GetRequiredService<Reconciler>().RunAsync(Actor(context), dryRun, ct);
        var line = report.OneLine();
        return report.Status == ReconciliationStatus.LockBusy ? ScheduledTaskResult.Skip(line)
            : report.Succeeded ? ScheduledTaskResult.Ok(line, report.Counts()) : ScheduledTaskResult.Failed(line, report.Counts());
    }

    /// <summary>The person for a manual run (<c>manual:alice</c> → <c>alice</c>), else <c>system:JOBNAME</c>, as the exchange's tasks do.</summary>
    internal static string Actor(ScheduledTaskContext context) =>
        context.Trigger.StartsWith("manual:", StringComparison.Ordinal) ? context.Trigger["manual:".Length..] : $"system:{context.JobName}";
}
