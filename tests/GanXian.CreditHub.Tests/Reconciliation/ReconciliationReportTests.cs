using GanXian.CreditHub.Reconciliation;

namespace GanXian.CreditHub.Tests.Reconciliation;

public sealed class ReconciliationReportTests
{
    [Fact]
    public void Differences_are_counted_by_kind_and_repair_and_described_in_Chinese()
    {
        var report = new ReconciliationReport { Checked = 5, PlatformRecords = 6 };
        report.Differences.Add(new ReconciliationDifference("XZCF", "a", DifferenceKind.MissingAtPlatform, "h1", null));
        report.Differences.Add(new ReconciliationDifference("XZCF", "b", DifferenceKind.ContentDiffers, "0123456789abcdef", "fedcba9876543210"));
        report.Differences.Add(new ReconciliationDifference("XZCF", "c", DifferenceKind.UnknownToHub, null, "h3"));

        var counts = report.Counts();

        Assert.Equal((3L, 2L, 1L, 1L, 1L, 0L, 1L), (counts["differences"], counts["resent"], counts["withdrawn"], counts["missing"],
            counts["contentDiffers"], counts["withdrawnInHub"], counts["unknownToHub"]));
        Assert.Equal("对账完成：平台记录 6 条，比对 5 条，跳过 0 条，差异 3 条（平台缺失 1，内容不一致 1，本平台未知 1）。", report.OneLine());
        Assert.Equal("内容摘要不一致（本平台 0123456789ab，平台 fedcba987654），修复：重新发送本平台最新内容", report.Differences[1].Describe());
        Assert.EndsWith("修复：撤回", report.Differences[2].Describe());
        Assert.True(report.Succeeded);
    }

    [Fact]
    public void A_platform_failure_is_not_a_success()
    {
        var report = new ReconciliationReport { Status = ReconciliationStatus.PlatformUnavailable, Error = "HTTP 503" };
        Assert.False(report.Succeeded);
        Assert.Contains("HTTP 503", report.OneLine());
    }
}
