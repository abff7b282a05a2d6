namespace GanXian.CreditHub.Scheduling;

/// <summary>
/// Finds the <see cref="IScheduledTask"/> a job's <c>type</c> names among the tasks the capabilities registered
/// (scoped), in the caller's scope. Tasks are found by their <see cref="IScheduledTask.JobType"/>, so a capability only
/// has to register its class.
/// </summary>
public static class ScheduledTasks
{
    public static IScheduledTask? Find(IServiceProvider scope, string jobType) =>
        scope.GetServices<IScheduledTask>().FirstOrDefault(t => t.JobType == jobType);

    /// <summary>The registered job types; a type registered twice is a programming error reported at start.</summary>
    public static IReadOnlySet<string> RegisteredTypes(IServiceProvider scope)
    {
        var types = scope.GetServices<IScheduledTask>().Select(t => t.JobType).ToList();
        var duplicate = types.GroupBy(t => t).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Job type '{duplicate.Key}' is registered by more than one IScheduledTask.");
        }

        return types.ToHashSet(StringComparer.Ordinal);
    }
}
