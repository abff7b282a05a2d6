extern alias simulator;
using GanXian.CreditHub.Platform.Contract;
using simulator::GanXian.CreditHub.PlatformSimulator;
using static GanXian.CreditHub.IntegrationTests.Platform.SimulatedPlatform;

namespace GanXian.CreditHub.IntegrationTests.Platform;

public class SimulatorPersistenceTests
{
    [Fact]
    public async Task A_simulator_with_a_state_file_keeps_records_receipts_feedback_and_tampering_across_a_restart()
    {
        var file = Path.Combine(Path.GetTempPath(), $"sim-state-{Guid.NewGuid():N}.jsonl");
        try
        {
            var batch = Batch(Upsert("keep", SampleRecords.Contribution(1)), Upsert("gone", SampleRecords.Contribution(2)), Upsert("w", SampleRecords.Contribution(3)));
            BatchReceipt original;
            string ackedId, openId;
            await using (var first = Start(sim => sim.StateFile = file))
            {
                original = await first.Api.SubmitBatchAsync("SHBX_JFXX", batch);
                await first.Api.SubmitBatchAsync("SHBX_JFXX", Batch(Withdraw("w")));
                ackedId = first.Sim.InjectFeedback("SHBX_JFXX", "keep", "X", "已确认").FeedbackId;
                openId = first.Sim.InjectFeedback("SHBX_JFXX", "keep", "Y", "待处理").FeedbackId;
                await first.Api.AcknowledgeFeedbackAsync(ackedId);
                Assert.True(first.Sim.TamperDelete("SHBX_JFXX", "gone"));
            }

            // A process killed mid-write leaves a torn last line; the rest still replays.
            await File.AppendAllTextAsync(file, "{\"k\":\"batch\",\"id\":\"torn");

            await using var second = Start(sim => sim.StateFile = file);
            var keep = await second.Api.GetRecordAsync("SHBX_JFXX", "keep");
            var withdrawn = await second.Api.GetRecordAsync("SHBX_JFXX", "w");
            var replay = await second.Api.SubmitBatchAsync("SHBX_JFXX", batch);
            var fresh = await second.Api.SubmitBatchAsync("SHBX_JFXX", Batch(Upsert("new", SampleRecords.Contribution(4))));
            var feedback = await second.Api.GetFeedbackAsync();

            Assert.Equal((original.Results[0].PlatformId, original.Results[0].ContentHash), (keep.PlatformId, keep.ContentHash));
            Assert.Equal(PlatformRecord.Withdrawn, withdrawn.Status);
            Assert.Null(second.Sim.Find("SHBX_JFXX", "gone"));
            Assert.Equal(original.ReceivedAt, replay.ReceivedAt);
            Assert.Equal(original.Results, replay.Results);
            Assert.DoesNotContain(fresh.Results[0].PlatformId, original.Results.Select(r => r.PlatformId));
            Assert.Equal(openId, Assert.Single(feedback.Items).FeedbackId);
            Assert.NotEqual(ackedId, second.Sim.InjectFeedback("XYCN", "c", "Z", "新反馈").FeedbackId);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Tampering_alters_what_read_back_reports()
    {
        await using var p = Start();
        var receipt = await p.Api.SubmitBatchAsync("XYCN", Batch(Upsert("c-1", new System.Text.Json.Nodes.JsonObject
        {
            ["CNZT"] = "示例企业", ["TYSHXYDM"] = SampleRecords.Employer, ["CNLX"] = "信用修复型", ["CNSY"] = "申请信用修复",
            ["CNRQ"] = "2026-11-20", ["SLDW"] = "赣县区人社局", ["SLDWDM"] = SampleRecords.Bureau, ["LYZT"] = "待核查",
        })));

        var altered = p.Sim.TamperAlter("XYCN", "c-1");
        var read = await p.Api.GetRecordAsync("XYCN", "c-1");

        Assert.Equal(ReceiptResult.Accepted, receipt.Results[0].Status);
        Assert.NotNull(altered);
        Assert.NotEqual(receipt.Results[0].ContentHash, read.ContentHash);
        Assert.Equal(altered.ContentHash, read.ContentHash);
    }
}
