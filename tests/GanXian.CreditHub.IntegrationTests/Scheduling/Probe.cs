using System.Collections.Concurrent;
using GanXian.CreditHub.Scheduling;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.IntegrationTests.Scheduling;

/// <summary>What the probe task saw: one entry per execution, from whichever node ran it.</summary>
public sealed record ProbeExecution(string Node, string Trigger, DateTimeOffset At);

/// <summary>
/// Shared by the hubs of one test (one instance passed to each): records executions and lets the test decide what an
/// execution does (return at once, or hang until released, like a node that dies mid-job).
/// </summary>
public sealed class ProbeLog
{
    public ConcurrentQueue<ProbeExecution> Executions { get; } = new();

    public Func<ProbeExecution, Task> Behaviour { get; set; } = _ => Task.Delay(100);

    public async Task<ProbeExecution> WaitForAsync(Func<ProbeExecution, bool> match, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (Executions.FirstOrDefault(match) is { } e)
            {
                return e;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the probe did not run as expected within " + timeout);
    }
}

public sealed class ProbeTask(ProbeLog log, IOptions<SchedulingOptions> options, TimeProvider clock) : IScheduledTask
{
    public const string Type = "probe";

    public string JobType => Type;

    public async Task<ScheduledTaskResult> RunAsync(ScheduledTaskContext context, CancellationToken ct)
    {
        var execution = new ProbeExecution(options.Value.NodeId, context.Trigger, clock.GetUtcNow());
        log.Executions.Enqueue(execution);
        await log.Behaviour(execution);
        return ScheduledTaskResult.Ok("探针任务完成", new Dictionary<string, long> { ["probed"] = 1 });
    }
}

public static class ProbeSchedules
{
    /// <summary>A schedules folder holding one probe job (and no calendar years unless copied in).</summary>
    public static string Write(string cron, string misfire = "fire-once-now", string name = "probe", string type = ProbeTask.Type, string? dir = null)
    {
        dir ??= Path.Combine(Path.GetTempPath(), $"credithub-schedules-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(dir, "jobs"));
        File.WriteAllText(Path.Combine(dir, "jobs", name + ".json"), $$"""
            {
              "name": "{{name}}",
              "type": "{{type}}",
              "cron": "{{cron}}",
              "timeZone": "Asia/Shanghai",
              "enabled": true,
              "misfire": "{{misfire}}",
              "parameters": { "note": "test" }
            }
            """);
        return dir;
    }

    public static Action<WebApplicationBuilder> Register(ProbeLog log) => builder =>
    {
        builder.Services.AddSingleton(log);
        builder.Services.AddScoped<IScheduledTask, ProbeTask>();
    };

    public static Dictionary<string, string?> Node(Dictionary<string, string?> database, string schedules, string node) => new(database)
    {
        ["Scheduling:Enabled"] = "true",
        ["Scheduling:Directory"] = schedules,
        ["Scheduling:InstanceId"] = node,
        ["Scheduling:ClusterCheckinInterval"] = "00:00:01",
        ["Scheduling:ClusterCheckinMisfireThreshold"] = "00:00:01",
        ["Scheduling:MisfireThreshold"] = "00:00:01",
    };
}
