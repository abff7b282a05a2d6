using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Scheduling;

/// <summary>Bound from the <c>Scheduling</c> section.</summary>
public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>Run the scheduler under <c>serve</c>. Off on web-only nodes; manual runs (CLI, API) still work there.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The folder holding <c>jobs/</c> and <c>calendar/</c>; relative paths are taken from the content root, then the program folder.</summary>
    public string Directory { get; set; } = "schedules";

    /// <summary>This node's id in the cluster and in the run history; empty means host name and process id.</summary>
    public string InstanceId { get; set; } = "";

    /// <summary>How late a firing may be before the job's misfire policy decides what happens to it.</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a clustered node reports that it is alive.</summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long past a missed check-in before the other nodes declare a node dead and recover its jobs.</summary>
    public TimeSpan ClusterCheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many jobs may run at the same time on one node.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Set when a value could not be converted (it names the key); reported by the validator.</summary>
    internal string? BindingError { get; set; }

    public string NodeId => InstanceId is { Length: > 0 } id ? id : $"{Environment.MachineName}-{Environment.ProcessId}";

    public string ResolveDirectory(IHostEnvironment environment)
    {
        if (Path.IsPathRooted(Directory))
        {
            return Directory;
        }

        var fromContentRoot = Path.GetFullPath(Path.Combine(environment.ContentRootPath, Directory));
        return System.IO.Directory.Exists(fromContentRoot) ? fromContentRoot : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, Directory));
    }
}

/// <summary>
/// Start-time validation: the settings, and every schedule and calendar file, so a typo stops the hub with the file and
/// field named instead of a job silently never running.
/// </summary>
internal sealed class SchedulingOptionsValidator(IHostEnvironment environment) : IValidateOptions<SchedulingOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulingOptions o)
    {
        var failures = new List<string>();
        if (o.BindingError is { } bindingError)
        {
            failures.Add($"配置项 {SchedulingOptions.Section} 中有无法识别的值：{bindingError}");
        }
        if (o.MisfireThreshold <= TimeSpan.Zero)
        {
            failures.Add("配置项 Scheduling:MisfireThreshold 应大于 0（例如 00:01:00）");
        }

        if (o.ClusterCheckinInterval <= TimeSpan.Zero)
        {
            failures.Add("配置项 Scheduling:ClusterCheckinInterval 应大于 0（例如 00:00:15）");
        }

        if (o.ClusterCheckinMisfireThreshold <= TimeSpan.Zero)
        {
            failures.Add("配置项 Scheduling:ClusterCheckinMisfireThreshold 应大于 0（例如 00:00:15）");
        }

        if (o.MaxConcurrency is < 1 or > 50)
        {
            failures.Add("配置项 Scheduling:MaxConcurrency 应在 1 到 50 之间");
        }

        if (o.InstanceId.Length > 100)
        {
            failures.Add("配置项 Scheduling:InstanceId 不能超过 100 个字符");
        }

        if (string.IsNullOrWhiteSpace(o.Directory))
        {
            failures.Add("缺少配置项 Scheduling:Directory");
        }
        else
        {
            failures.AddRange(ScheduleFiles.Load(o.ResolveDirectory(environment)).Errors.Select(e => "计划任务文件 " + e));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
