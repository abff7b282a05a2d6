namespace GanXian.CreditHub.Scheduling;

/// <summary>Why a task runs: a schedule firing, or a person (<c>manual:alice</c>) through the CLI or the API.</summary>
public sealed record ScheduledTaskContext(string JobName, IReadOnlyDictionary<string, string> Parameters, string Trigger);

/// <summary>What a run did: a Chinese one-line summary for operators and counts for the run history.</summary>
public sealed record ScheduledTaskResult(bool Succeeded, string Summary, IReadOnlyDictionary<string, long> Counts)
{
    public static ScheduledTaskResult Ok(string summary, IReadOnlyDictionary<string, long>? counts = null) =>
        new(true, summary, counts ?? new Dictionary<string, long>());

    public static ScheduledTaskResult Failed(string summary, IReadOnlyDictionary<string, long>? counts = null) =>
        new(false, summary, counts ?? new Dictionary<string, long>());

    /// <summary>
    /// Nothing was done because other work held what this run needs (the exchange's lock, taken by a run of another
    /// job): recorded as skipped, like a run whose own lock is taken, not as a failure to look into.
    /// </summary>
    public static ScheduledTaskResult Skip(string summary) => new(false, summary, new Dictionary<string, long>()) { Skipped = true };

    public bool Skipped { get; init; }
}

/// <summary>
/// The body of a job, owned by the capability it belongs to (the exchange registers <c>exchange</c>,
/// <c>retry-pending</c>, … ). Scheduling/ maps a job definition's <c>type</c> to the task with that
/// <see cref="JobType"/>, runs it in its own DI scope, and records the run history. Register as scoped.
/// </summary>
public interface IScheduledTask
{
    string JobType { get; }

    /// <summary>
    /// The database lock a run holds, when several job types must exclude each other (e.g. everything that pushes to
    /// the platform). Null: the schedule file's <c>lock</c>, else the job's name. A <c>lock</c> in the file wins.
    /// </summary>
    string? LockName => null;

    Task<ScheduledTaskResult> RunAsync(ScheduledTaskContext context, CancellationToken ct);
}
