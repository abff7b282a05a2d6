using GanXian.CreditHub.Data;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using GanXian.CreditHub.Scheduling;

namespace GanXian.CreditHub.IntegrationTests.Scheduling;

/// <summary>Two job types that must never run together name the same lock in their task.</summary>
public sealed class LockNameTests
{
    private sealed class GateTask(string type, Task gate, TaskCompletionSource started) : IScheduledTask
    {
        public string JobType => type;

        public string? LockName => "platform-push";

        public async Task<ScheduledTaskResult> RunAsync(ScheduledTaskContext context, CancellationToken ct)
        {
            started.TrySetResult();
            await gate;
            return ScheduledTaskResult.Ok("完成");
        }
    }

    [Fact]
    public async Task Jobs_whose_tasks_name_the_same_lock_exclude_each_other()
    {
        var database = (await TestDatabase.CreateAsync(DatabaseProvider.Postgres)).Configuration();
        var dir = ProbeSchedules.Write("0 0 3 * * ?", name: "push-a", type: "push-a");
        ProbeSchedules.Write("0 0 4 * * ?", name: "push-b", type: "push-b", dir: dir);
        var gate = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        var config = ProbeSchedules.Node(database, dir, "node-a");
        config["Scheduling:Enabled"] = "false";

        await using var hub = await TestHub.StartAsync(config, builder =>
        {
            builder.Services.AddScoped<IScheduledTask>(_ => new GateTask("push-a", gate.Task, started));
            builder.Services.AddScoped<IScheduledTask>(_ => new GateTask("push-b", gate.Task, started));
        });
        var runner = hub.Services.GetRequiredService<JobRunner>();

        var first = runner.RunAsync("push-a", JobRunRequest.Manual("alice"), CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var second = await runner.RunAsync("push-b", JobRunRequest.Manual("bob"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(JobOutcomes.Skipped, second!.Outcome);
        Assert.Contains("platform-push", second.Summary);
        gate.SetResult();
        Assert.Equal(JobOutcomes.Succeeded, (await first)!.Outcome);
        Assert.Equal(JobOutcomes.Succeeded, (await runner.RunAsync("push-b", JobRunRequest.Manual("bob"), CancellationToken.None))!.Outcome);
    }
}
