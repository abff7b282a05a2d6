using GanXian.CreditHub.Scheduling;

namespace GanXian.CreditHub.Exchange;

/// <summary>The exchange's jobs for the scheduler: <c>exchange</c>, <c>retry-pending</c>, <c>feedback-pull</c>.</summary>
internal abstract class ExchangeTask(ExchangeRunner runner, ExchangeRunMode mode) : IScheduledTask
{
    public abstract string JobType { get; }

    public async Task<ScheduledTaskResult> RunAsync(ScheduledTaskContext context, CancellationToken ct)
    {
        var actor = context.Trigger.StartsWith("manual:", StringComparison.Ordinal) ? context.Trigger["manual:".Length..] : $"system:{context.JobName}";
        var summary = await runner.RunAsync(new ExchangeRunRequest(mode, actor), progress: null, ct);
        var line = summary.OneLine() + (summary.Messages.Count > 0 ? " " + string.Join(" ", summary.Messages) : "");
        return summary.Status switch
        {
            ExchangeRunStatus.Completed => ScheduledTaskResult.Ok(line, summary.Counts()),
            ExchangeRunStatus.LockBusy => ScheduledTaskResult.Skip(string.Join(" ", summary.Messages)),
            _ => ScheduledTaskResult.Failed(line, summary.Counts()),
        };
    }
}

internal sealed class NightlyExchangeTask(ExchangeRunner runner) : ExchangeTask(runner, ExchangeRunMode.Full)
{
    public override string JobType => "exchange";
}

internal sealed class RetryPendingTask(ExchangeRunner runner) : ExchangeTask(runner, ExchangeRunMode.PushOnly)
{
    public override string JobType => "retry-pending";
}

internal sealed class FeedbackPullTask(ExchangeRunner runner) : ExchangeTask(runner, ExchangeRunMode.FeedbackOnly)
{
    public override string JobType => "feedback-pull";
}
