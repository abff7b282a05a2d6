namespace GanXian.CreditHub.Scheduling;

/// <summary>What a trigger does with a firing it missed (the hub was down at the scheduled time).</summary>
public enum MisfirePolicy
{
    /// <summary><c>fire-once-now</c>: run once as soon as possible, then continue on schedule.</summary>
    FireOnceNow,

    /// <summary><c>do-nothing</c>: skip what was missed and wait for the next scheduled time.</summary>
    DoNothing,

    /// <summary><c>ignore</c>: run every missed firing, one after the other, then continue on schedule.</summary>
    Ignore,
}

/// <summary>One job as an operator wrote it in <c>schedules/jobs/NAME.json</c>, already validated.</summary>
public sealed record ScheduleDefinition(
    string File,
    string Name,
    string Type,
    string? Description,
    string Cron,
    TimeZoneInfo TimeZone,
    bool Enabled,
    MisfirePolicy Misfire,
    string? Calendar,
    string? Lock,
    IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>The lock named in the file, else the job's name (a task may name its own: see <see cref="IScheduledTask.LockName"/>).</summary>
    public string LockName => Lock ?? Name;

    public const string WorkingDaysCalendar = "working-days";

    public static readonly IReadOnlyDictionary<string, MisfirePolicy> MisfireNames = new Dictionary<string, MisfirePolicy>
    {
        ["fire-once-now"] = MisfirePolicy.FireOnceNow,
        ["do-nothing"] = MisfirePolicy.DoNothing,
        ["ignore"] = MisfirePolicy.Ignore,
    };

    public string MisfireName => MisfireNames.First(p => p.Value == Misfire).Key;

    /// <summary>What the trigger in the job store must match; a change makes the next start replace the trigger.</summary>
    public string TriggerFingerprint => string.Join('|', Type, Cron, TimeZone.Id, MisfireName, Calendar ?? "");
}

/// <summary>A problem in a schedule or calendar file, naming the file and the field so the operator can fix it.</summary>
public sealed record ScheduleFileError(string File, string Field, string Message)
{
    public override string ToString() => Field.Length == 0 ? $"{File}：{Message}" : $"{File}：字段 {Field}：{Message}";
}
