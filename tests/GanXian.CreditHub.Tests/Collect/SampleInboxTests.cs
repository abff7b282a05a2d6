using static GanXian.CreditHub.Tests.Collect.CollectTestKit;

namespace GanXian.CreditHub.Tests.Collect;

/// <summary>The repository's sample inbox (samples/inbox) through the real reader: what the README's main job collects.</summary>
public class SampleInboxTests
{
    private static string Sample(string name) => Path.Combine(RepoRoot, "samples", "inbox", "shbx-jfxx", name);

    [Fact]
    public async Task Gbk_sample_has_its_five_invalid_rows_and_one_warning()
    {
        var records = await ReadAllAsync(Sample("社保缴费_202610_GBK.csv"));

        Assert.Equal(176, records.Count);
        var invalid = records.Where(r => !r.IsValid).ToList();
        Assert.Equal(["INVALID_USCC", "QJJE_MISMATCH", "PERIOD_IN_FUTURE", "REQUIRED", "UNKNOWN_CODE"],
            invalid.Select(r => r.Issues.First(i => i.Severity == GanXian.CreditHub.Exchange.IssueSeverity.Error).Rule));
        Assert.Equal("DWMC", invalid[3].Issues.Single().Field);
        Assert.Equal("单位名称", invalid[3].Issues.Single().SourceColumn);
        var warned = Assert.Single(records, r => r.IsValid && r.Issues.Count > 0);
        Assert.Equal("ORG_CODE_MISMATCH", Assert.Single(warned.Issues).Rule);
        Assert.All(records.Where(r => r.IsValid), r => Assert.StartsWith("SHBX_JFXX-", r.RecordId));
        Assert.Equal(records.Count, records.Select(r => r.RecordId).Distinct().Count());
    }

    [Fact]
    public async Task Utf8_bom_sample_reads_full_width_and_thousands_separators()
    {
        var records = await ReadAllAsync(Sample("社保缴费_202609_UTF8BOM.csv"));

        Assert.Equal(150, records.Count);
        var invalid = Assert.Single(records, r => !r.IsValid);
        Assert.Equal("JFZT_INCONSISTENT", Assert.Single(invalid.Issues).Rule);
        Assert.Equal(14, invalid.Source.Row);
    }

    [Fact]
    public async Task Xlsx_sample_reads_with_one_invalid_credit_code()
    {
        var records = await ReadAllAsync(Sample("社保缴费_202608.xlsx"));

        Assert.Equal(100, records.Count);
        var invalid = Assert.Single(records, r => !r.IsValid);
        Assert.Equal(("TYSHXYDM", "INVALID_USCC"), (invalid.Issues.Single().Field, invalid.Issues.Single().Rule));
        Assert.Equal(7, invalid.Source.Row);
        Assert.All(records, r => Assert.Contains(r.Data!["FKSSQ"]!.GetValue<string>(), new[] { "202608", "202607" }));
    }
}
