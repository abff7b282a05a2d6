using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.IntegrationTests.Exchange;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using GanXian.CreditHub.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.IntegrationTests.Scheduling;

/// <summary>
/// The exchange's jobs as the scheduler runs them: through <see cref="JobRunner"/>, under the lock of the schedule
/// file (the repository's own files), which is the lock the exchange runner takes itself.
/// </summary>
public sealed class ExchangeJobTests
{
    private const string Code = ExchangeRunTests.Employer;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_nightly_exchange_and_retry_pending_jobs_run_under_their_lock(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider);
        bed.WriteFile("a.csv", [$"{Code},110,202610,100", $"{Code},120,202610,-5"]);
        var jobs = bed.Hub.Services.GetRequiredService<JobRunner>();

        var nightly = await jobs.RunAsync("exchange", new JobRunRequest(JobRunRequest.Schedule), CancellationToken.None);
        Assert.True(nightly!.Outcome == JobOutcomes.Succeeded, nightly.Summary);
        Assert.Single(bed.Held());

        var item = (await bed.QuarantineAsync()).Single();
        await using (var scope = bed.Hub.Services.CreateAsyncScope())
        {
            var actions = scope.ServiceProvider.GetRequiredService<QuarantineActions>();
            var corrected = await actions.CorrectAsync(item.Id, TestRules.Data(Code, "120", "202610", 5m), "更正", "alice", CancellationToken.None);
            Assert.Equal(QuarantineOutcome.Done, corrected.Outcome);
        }

        var retry = await jobs.RunAsync("retry-pending", new JobRunRequest(JobRunRequest.Schedule), CancellationToken.None);
        Assert.True(retry!.Outcome == JobOutcomes.Succeeded, retry.Summary);
        Assert.Equal(2, bed.Held().Count);

        // The job's lock is its own run's only: outside it, the exchange is still excluded while a job holds the lock.
        var locks = bed.Hub.Services.GetRequiredService<IDistributedLock>();
        await using (var held = await locks.TryAcquireAsync(ExchangeRunner.LockName, CancellationToken.None))
        {
            Assert.NotNull(held);
            var meanwhile = await jobs.RunAsync("exchange", new JobRunRequest(JobRunRequest.Schedule), CancellationToken.None);
            Assert.Equal(JobOutcomes.Skipped, meanwhile!.Outcome);

            // feedback-pull has a lock of its own and finds the exchange's taken inside: skipped too, not a failure.
            var feedback = await jobs.RunAsync("feedback-pull", new JobRunRequest(JobRunRequest.Schedule), CancellationToken.None);
            Assert.Equal(JobOutcomes.Skipped, feedback!.Outcome);
            Assert.Contains("另一次交换正在运行", feedback.Summary);
        }

        Assert.Equal(0, await bed.QueryAsync(db => db.Set<JobRun>().CountAsync(r => r.Outcome == JobOutcomes.Failed)));
    }
}
