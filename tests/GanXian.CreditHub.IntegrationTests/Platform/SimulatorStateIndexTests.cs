extern alias simulator;
using simulator::GanXian.CreditHub.PlatformSimulator.State;
using Microsoft.Extensions.Time.Testing;

namespace GanXian.CreditHub.IntegrationTests.Platform;

/// <summary>The read-back index (sorted keys, stale keys skipped and compacted away) under upserts, re-upserts and deletions.</summary>
public class SimulatorStateIndexTests
{
    [Fact]
    public void Paging_returns_every_live_record_once_in_updatedAt_then_recordId_order()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        using var state = new PlatformState(clock, null);
        var random = new Random(3);
        for (var b = 0; b < 40; b++)
        {
            // Batches of 100 in random recordId order; later batches replace earlier records (more than 1024 stale keys).
            var ids = Enumerable.Range(0, 100).Select(_ => $"r-{random.Next(0, 1200):D5}").Distinct().ToList();
            var prepared = ids.Select(id => new PreparedRecord(id, "upsert", $"hash-{b}-{id}", null)).ToList();
            Assert.Equal(PlatformState.SubmitStatus.Applied, state.Apply("SHBX_JFXX", $"b-{b}", $"body-{b}", prepared).Status);
            if (b % 7 == 3)
            {
                Assert.True(state.TamperDelete("SHBX_JFXX", ids[0]));
            }

            clock.Advance(random.Next(2) == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(1));
        }

        var alter = state.Snapshot("SHBX_JFXX")[5];
        state.TamperAlter("SHBX_JFXX", alter.RecordId, "altered");

        var expected = state.Snapshot("SHBX_JFXX").OrderBy(r => r.UpdatedAt).ThenBy(r => r.RecordId, StringComparer.Ordinal).ToList();
        var seen = new List<StoredRecord>();
        RecordKey? after = null;
        while (state.Page("SHBX_JFXX", null, after, 97) is { Count: > 0 } page)
        {
            seen.AddRange(page);
            after = page[^1].Key;
        }

        Assert.Equal(expected.Select(r => r.RecordId), seen.Select(r => r.RecordId));
        Assert.Equal(expected, seen);
        Assert.Equal("altered", seen[^1].ContentHash);
        var since = expected[expected.Count / 2].UpdatedAt;
        Assert.Equal(expected.Where(r => r.UpdatedAt >= since).Select(r => r.RecordId),
            state.Page("SHBX_JFXX", since, null, 100_000).Select(r => r.RecordId));
    }
}
