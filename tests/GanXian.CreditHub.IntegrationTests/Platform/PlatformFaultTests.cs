extern alias simulator;
using System.Net;
using GanXian.CreditHub.Platform;
using GanXian.CreditHub.Platform.Contract;
using simulator::GanXian.CreditHub.PlatformSimulator;
using static GanXian.CreditHub.IntegrationTests.Platform.SimulatedPlatform;

namespace GanXian.CreditHub.IntegrationTests.Platform;

/// <summary>The client's resilience and failure classification under the simulator's injected faults.</summary>
public class PlatformFaultTests
{
    private static Dictionary<string, string?> NoRetries => new() { ["Platform:MaxRetryAttempts"] = "0" };

    [Fact]
    public async Task Resending_each_batch_until_it_succeeds_under_faults_stores_every_record_exactly_once()
    {
        await using var p = Start(
            sim => sim.Faults = new SimulatorFaults
            {
                ErrorRate = 0.3, RateLimitRate = 0.05, RetryAfterSeconds = 1, DropRate = 0.2,
                DropNext = 1, RateLimitNext = 1, ErrorNext = 1,
            },
            client: new() { ["Platform:MaxRetryAttempts"] = "2" });
        var batches = Enumerable.Range(0, 20)
            .Select(b => Batch(Enumerable.Range(0, 25).Select(i => Upsert($"r-{b:D2}-{i:D2}", SampleRecords.Contribution(i))).ToArray()))
            .ToList();

        var receipts = new List<BatchReceipt>();
        foreach (var batch in batches)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    receipts.Add(await p.Api.SubmitBatchAsync("SHBX_JFXX", batch));
                    break;
                }
                catch (PlatformException ex) when (ex.IsTransient && attempt < 50)
                {
                    // The exchange's loop: same batchId, same body, until the platform answers.
                }
            }
        }

        var held = p.Sim.Records("SHBX_JFXX");
        Assert.Equal(500, held.Count);
        Assert.Equal(500, held.Select(r => r.RecordId).Distinct().Count());
        Assert.Equal(20, p.Sim.Stats.Batches);
        var accepted = receipts.SelectMany(r => r.Results).ToList();
        Assert.All(accepted, r => Assert.Equal(ReceiptResult.Accepted, r.Status));
        Assert.All(accepted, r => Assert.Equal(p.Sim.Find("SHBX_JFXX", r.RecordId)!.PlatformId, r.PlatformId));
        Assert.Equal(500, accepted.Select(r => r.PlatformId).Distinct().Count());
        var stats = p.Sim.Stats;
        Assert.True(stats.Dropped >= 1 && stats.ServerErrors >= 1 && stats.RateLimited >= 1, $"faults not exercised: {stats}");
    }

    [Fact]
    public async Task Commit_then_drop_is_retried_and_answered_with_the_original_receipt()
    {
        await using var p = Start(sim => sim.Faults = new SimulatorFaults { DropNext = 1 });
        var batch = Batch(Upsert("r-1", SampleRecords.Contribution()));

        var receipt = await p.Api.SubmitBatchAsync("SHBX_JFXX", batch);

        Assert.Equal(1, p.Sim.Stats.Dropped);
        Assert.Equal(1, p.Sim.Stats.Batches);
        Assert.Equal(p.Sim.Find("SHBX_JFXX", "r-1")!.UpdatedAt, receipt.ReceivedAt);
    }

    [Fact]
    public async Task A_malformed_reply_is_a_transient_failure_and_the_resend_returns_the_stored_receipt()
    {
        await using var p = Start(sim => sim.Faults = new SimulatorFaults { MalformedNext = 1 });
        var batch = Batch(Upsert("r-1", SampleRecords.Contribution()));

        var ex = await Assert.ThrowsAsync<PlatformApiException>(() => p.Api.SubmitBatchAsync("SHBX_JFXX", batch));
        var receipt = await p.Api.SubmitBatchAsync("SHBX_JFXX", batch);

        Assert.Equal((PlatformApiException.MalformedResponse, true), (ex.Code, ex.IsTransient));
        Assert.Equal(ReceiptResult.Accepted, receipt.Results.Single().Status);
        Assert.Single(p.Sim.Records());
    }

    [Fact]
    public async Task Rate_limiting_waits_for_Retry_After_or_surfaces_it()
    {
        await using var retrying = Start(sim => sim.Faults = new SimulatorFaults { RateLimitNext = 1, RetryAfterSeconds = 1 });
        await using var single = Start(sim => sim.Faults = new SimulatorFaults { RateLimitNext = 1, RetryAfterSeconds = 7 }, NoRetries);

        var catalogs = await retrying.Api.GetCatalogsAsync();
        var ex = await Assert.ThrowsAsync<PlatformApiException>(() => single.Api.GetCatalogsAsync());

        Assert.NotEmpty(catalogs);
        Assert.Equal(1, retrying.Sim.Stats.RateLimited);
        Assert.Equal((HttpStatusCode.TooManyRequests, "RATE_LIMITED", TimeSpan.FromSeconds(7), true), (ex.Status, ex.Code, ex.RetryAfter, ex.IsTransient));
    }

    [Fact]
    public async Task Server_errors_are_retried_and_maintenance_surfaces_with_its_code()
    {
        await using var flaky = Start(sim => sim.Faults = new SimulatorFaults { ErrorNext = 3 });
        await using var maintenance = Start(sim => sim.Faults = new SimulatorFaults { Maintenance = true, RetryAfterSeconds = 120 }, NoRetries);

        var catalogs = await flaky.Api.GetCatalogsAsync();
        var ex = await Assert.ThrowsAsync<PlatformApiException>(() => maintenance.Api.GetCatalogsAsync());

        Assert.NotEmpty(catalogs);
        Assert.Equal(3, flaky.Sim.Stats.ServerErrors);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "MAINTENANCE", TimeSpan.FromSeconds(120), true), (ex.Status, ex.Code, ex.RetryAfter, ex.IsTransient));
    }

    [Fact]
    public async Task Faults_switched_at_run_time_through_the_admin_endpoint_apply_to_the_next_request()
    {
        await using var p = Start(client: NoRetries);
        using var admin = new HttpClient { BaseAddress = new Uri(p.Sim.Url) };

        using var put = await admin.PutAsync("/_sim/faults", new StringContent("{\"errorNext\":1,\"errorStatus\":502}"));
        var ex = await Assert.ThrowsAsync<PlatformApiException>(() => p.Api.GetCatalogsAsync());
        var after = await p.Api.GetCatalogsAsync();

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal((HttpStatusCode.BadGateway, "INTERNAL_ERROR", true), (ex.Status, ex.Code, ex.IsTransient));
        Assert.NotEmpty(after);
    }

    [Fact]
    public async Task An_open_circuit_is_reported_as_platform_unavailable()
    {
        await using var p = Start(sim => sim.Faults = new SimulatorFaults { ErrorRate = 1 }, new()
        {
            ["Platform:MaxRetryAttempts"] = "0",
            ["Platform:CircuitBreakerMinimumThroughput"] = "2",
            ["Platform:CircuitBreakerFailureRatio"] = "0.5",
            ["Platform:CircuitBreakerBreakDuration"] = "00:00:30",
        });

        await Assert.ThrowsAsync<PlatformApiException>(() => p.Api.GetCatalogsAsync());
        await Assert.ThrowsAsync<PlatformApiException>(() => p.Api.GetCatalogsAsync());
        var open = await Assert.ThrowsAsync<PlatformUnavailableException>(() => p.Api.GetCatalogsAsync());

        Assert.True(open.IsCircuitOpen);
        Assert.True(open.IsTransient);
        Assert.Equal(2, p.Sim.Stats.ServerErrors);
    }

    [Fact]
    public async Task A_platform_slower_than_the_timeouts_is_unavailable()
    {
        await using var p = Start(sim => sim.Faults = new SimulatorFaults { LatencyMs = 3000 }, new()
        {
            ["Platform:AttemptTimeout"] = "00:00:00.200",
            ["Platform:TotalTimeout"] = "00:00:00.700",
        });

        var ex = await Assert.ThrowsAsync<PlatformUnavailableException>(() => p.Api.GetCatalogsAsync());

        Assert.False(ex.IsCircuitOpen);
        Assert.True(ex.IsTransient);
    }
}
