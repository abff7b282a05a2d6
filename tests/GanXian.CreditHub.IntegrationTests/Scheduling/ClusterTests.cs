using GanXian.CreditHub.Data;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using GanXian.CreditHub.Scheduling;

namespace GanXian.CreditHub.IntegrationTests.Scheduling;

/// <summary>Two hub nodes, one PostgreSQL database, one job firing every two seconds.</summary>
public sealed class ClusterTests
{
    [Fact]
    public async Task Every_firing_runs_exactly_once_across_two_nodes_and_runs_never_overlap()
    {
        var cs = await PostgresServer.CreateDatabaseAsync();
        var database = new TestDatabase(DatabaseProvider.Postgres, cs).Configuration();
        var schedules = ProbeSchedules.Write("0/2 * * * * ?");
        var log = new ProbeLog();

        await using (var a = await TestHub.StartAsync(ProbeSchedules.Node(database, schedules, "node-a"), ProbeSchedules.Register(log)))
        await using (var b = await TestHub.StartAsync(ProbeSchedules.Node(database, schedules, "node-b"), ProbeSchedules.Register(log)))
        {
            await History.WaitForAsync(cs, rows => rows.Count(r => r.Outcome == JobOutcomes.Succeeded) >= 15, TimeSpan.FromSeconds(45));
        }

        var rows = await History.ReadAsync(cs);
        var runs = rows.Where(r => r.Outcome == JobOutcomes.Succeeded).ToList();
        Assert.True(runs.Count >= 15, $"only {runs.Count} runs");
        Assert.All(rows, r => Assert.Equal(JobOutcomes.Succeeded, r.Outcome));
        Assert.All(runs, r => Assert.Equal(JobRunRequest.Schedule, r.Trigger));
        Assert.All(runs, r => Assert.Contains(r.Node, new[] { "node-a", "node-b" }));

        // Exactly once: no firing (by its scheduled time or its fire id) appears twice, and none between the first
        // and the last is missing.
        var scheduled = runs.Select(r => r.Scheduled!.Value).Order().ToList();
        Assert.Equal(scheduled.Count, scheduled.Distinct().Count());
        Assert.Equal(runs.Count, runs.Select(r => r.FireInstanceId).Distinct().Count());
        Assert.All(scheduled.Zip(scheduled.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(2), pair.Second - pair.First));
        Assert.Equal(runs.Count, log.Executions.Count);

        var ordered = runs.OrderBy(r => r.Started).ToList();
        Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.True(pair.First.Finished <= pair.Second.Started, "two runs overlapped"));
    }

    [Fact]
    public async Task When_the_node_running_a_job_dies_the_other_node_recovers_the_firing()
    {
        var cs = await PostgresServer.CreateDatabaseAsync();
        var server = new Npgsql.NpgsqlConnectionStringBuilder(cs);
        var schedules = ProbeSchedules.Write("0/3 * * * * ?");
        var log = new ProbeLog();
        var hung = new TaskCompletionSource();
        var first = 0;
        log.Behaviour = e => Interlocked.Exchange(ref first, 1) == 0 ? hung.Task : Task.CompletedTask;

        var proxies = new Dictionary<string, TcpProxy>();
        var hubs = new Dictionary<string, TestHub>();
        try
        {
            foreach (var node in new[] { "node-a", "node-b" })
            {
                var proxy = new TcpProxy(server.Host!, server.Port);
                proxies[node] = proxy;
                var viaProxy = new Npgsql.NpgsqlConnectionStringBuilder(cs) { Port = proxy.Port, Timeout = 5, CommandTimeout = 10 }.ToString();
                var config = ProbeSchedules.Node(new TestDatabase(DatabaseProvider.Postgres, viaProxy).Configuration(), schedules, node);
                hubs[node] = await TestHub.StartAsync(config, ProbeSchedules.Register(log));
            }

            var victim = await log.WaitForAsync(_ => true, TimeSpan.FromSeconds(20));
            var survivor = victim.Node == "node-a" ? "node-b" : "node-a";
            proxies[victim.Node].Cut();

            var rows = await History.WaitForAsync(cs, rs => rs.Any(r => r.Trigger == JobRunRequest.Recovery && r.Outcome == JobOutcomes.Succeeded),
                TimeSpan.FromSeconds(40));

            var dead = Assert.Single(rows, r => r.Node == victim.Node);
            Assert.Equal(JobOutcomes.Running, dead.Outcome);
            var recovered = Assert.Single(rows, r => r.Trigger == JobRunRequest.Recovery);
            Assert.Equal(survivor, recovered.Node);
            Assert.Equal(JobOutcomes.Succeeded, recovered.Outcome);
            Assert.Equal(dead.Scheduled, recovered.Scheduled);
        }
        finally
        {
            hung.TrySetResult();
            foreach (var (node, hub) in hubs)
            {
                try
                {
                    await hub.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));
                }
                catch (Exception)
                {
                    // The cut node cannot reach its database any more; it only has to let go.
                }
            }

            foreach (var proxy in proxies.Values)
            {
                await proxy.DisposeAsync();
            }
        }
    }
}
