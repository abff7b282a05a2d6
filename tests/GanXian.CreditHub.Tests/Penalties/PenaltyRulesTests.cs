using System.Text;
using GanXian.CreditHub.Collect;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Penalties;
using GanXian.CreditHub.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using static GanXian.CreditHub.Tests.Collect.CollectTestKit;

namespace GanXian.CreditHub.Tests.Penalties;

/// <summary>XZCF penalties read through the repository's mapping: the publication period by tier (DOMAIN.md §4).</summary>
public sealed class PenaltyRulesTests
{
    private const string Header = "行政相对人名称,行政相对人类别,统一社会信用代码,证件类型,证件号码,行政处罚决定书文号,违法行为类型,违法事实,处罚依据,处罚类别,处罚内容,罚款金额(元),处罚决定日期,处罚有效期,公示截止期";

    private static string Penalty(string category, string fineYuan, string publishUntil = "", bool person = false) =>
        (person ? "张三,个人,,身份证,360731198506123018," : "赣州恒通物流有限公司,法人,91350100M000100Y43,,,")
        + $"赣县人社监罚〔2026〕12号,拖欠劳动者工资,拖欠工资,《劳动保障监察条例》第二十六条,{category},{category},{fineYuan},2026-11-10,2027-11-09,{publishUntil}";

    private static async Task<CollectedRecord> ReadAsync(string row, PenaltyPublicationOptions? options = null)
    {
        var validation = new RecordValidation(Registry.Catalogs, [new PenaltyRules(Options.Create(options ?? new PenaltyPublicationOptions())), .. SubjectCategoryRules.All()]);
        var path = WriteText("penalties.csv", Header + "\n" + row + "\n", new UTF8Encoding(false));
        var records = new List<CollectedRecord>();
        await foreach (var r in new SourceFileReader(Registry, validation).ReadAsync(
                           new SourceDefinition("xzcf", "XZCF", "inbox", "archive", "rejected", "XZCF.json", null), path, null, CancellationToken.None))
        {
            records.Add(r);
        }

        return Assert.Single(records);
    }

    [Theory]
    [InlineData("警告", "", false, "2027-02-10")]                 // minor: 3 months
    [InlineData("通报批评", "", true, "2027-02-10")]
    [InlineData("罚款", "2000", false, "2027-02-10")]             // a small fine for an organisation (≤ 3,000 yuan)
    [InlineData("罚款", "200", true, "2027-02-10")]               // … and for a citizen (≤ 200 yuan)
    [InlineData("罚款", "500", true, "2027-11-10")]               // general: a year
    [InlineData("罚款", "5000", false, "2027-11-10")]
    [InlineData("警告、罚款", "10000", false, "2027-11-10")]
    [InlineData("罚款", "", false, "2027-11-10")]                 // a fine of unknown amount is not taken as small
    [InlineData("没收违法所得", "", false, "2027-11-10")]
    [InlineData("吊销许可证件", "", false, "2029-11-10")]         // serious: 3 years
    [InlineData("罚款；责令停产停业", "1000", false, "2029-11-10")]
    public async Task A_penalty_without_a_publication_end_gets_the_longest_its_tier_allows(string category, string fine, bool person, string expected)
    {
        var record = await ReadAsync(Penalty(category, fine, person: person));

        Assert.True(record.IsValid, string.Join("; ", record.Issues));
        Assert.Equal(DateOnly.Parse(expected), record.PublishUntil);
    }

    [Fact]
    public async Task A_publication_end_within_the_tier_is_kept()
    {
        var record = await ReadAsync(Penalty("警告", "", "2027-01-31"));

        Assert.True(record.IsValid, string.Join("; ", record.Issues));
        Assert.Equal(new DateOnly(2027, 1, 31), record.PublishUntil);
    }

    [Fact]
    public async Task A_publication_end_past_the_tier_or_before_the_decision_is_refused()
    {
        var tooLong = await ReadAsync(Penalty("警告", "", "2027-11-09"));
        var issue = Assert.Single(tooLong.Issues);
        Assert.Equal(("CF_GSJZQ", "公示截止期", "PUBLICATION_TOO_LONG"), (issue.Field, issue.SourceColumn, issue.Rule));
        Assert.Contains("轻微行政处罚自决定日期起最长公示 3 个月，即至 2027-02-10", issue.Message);

        var early = await ReadAsync(Penalty("罚款", "5000", "2026-11-01"));
        Assert.Equal("PUBLICATION_BEFORE_DECISION", Assert.Single(early.Issues).Rule);
    }

    [Theory]
    [InlineData("罚款", "0", "FINE_NOT_POSITIVE", "处罚类别“罚款”含罚款，罚款金额应大于 0，实际为 0 万元")]
    [InlineData("警告、罚款", "-2000", "FINE_NOT_POSITIVE", "处罚类别“警告、罚款”含罚款，罚款金额应大于 0，实际为 -0.2 万元")]
    [InlineData("警告", "-2000", "NEGATIVE_AMOUNT", "罚款金额不能为负数（-0.2 万元）")]
    public async Task A_fine_of_zero_or_less_is_refused(string category, string fineYuan, string rule, string message)
    {
        var record = await ReadAsync(Penalty(category, fineYuan));

        var issue = Assert.Single(record.Issues);
        Assert.Equal(("CF_NR_FK", "罚款金额(元)", rule, message), (issue.Field, issue.SourceColumn, issue.Rule, issue.Message));
        Assert.False(record.IsValid);
    }

    [Fact]
    public async Task A_zero_amount_beside_a_penalty_that_is_not_a_fine_is_no_issue() =>
        Assert.True((await ReadAsync(Penalty("警告", "0"))).IsValid);

    [Fact]
    public async Task The_tiers_are_configurable()
    {
        var options = new PenaltyPublicationOptions { MinorMonths = 6, SmallFineYuanOrganisation = 10_000m, SeriousCategories = ["吊销"] };

        Assert.Equal(new DateOnly(2027, 5, 10), (await ReadAsync(Penalty("罚款", "5000"), options)).PublishUntil);
        Assert.Equal(new DateOnly(2027, 11, 10), (await ReadAsync(Penalty("责令停产停业", ""), options)).PublishUntil);
    }

    [Fact]
    public void A_configured_category_list_replaces_the_default_one()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{PenaltyPublicationOptions.Section}:SeriousCategories:0"] = "吊销",
        }).Build();
        var options = configuration.GetSection(PenaltyPublicationOptions.Section).Get<PenaltyPublicationOptions>()!;

        Assert.Equal(["吊销"], options.Serious);
        Assert.Equal(["警告", "通报批评"], options.Minor);
    }

    [Fact]
    public void Periods_that_shrink_from_tier_to_tier_are_a_configuration_error()
    {
        var validator = new PenaltyPublicationOptionsValidator();

        Assert.True(validator.Validate(null, new PenaltyPublicationOptions()).Succeeded);
        var failed = validator.Validate(null, new PenaltyPublicationOptions { GeneralMonths = 2 });
        Assert.True(failed.Failed);
        Assert.Contains("Publication:Penalties:MinorMonths/GeneralMonths/SeriousMonths", failed.FailureMessage);
    }
}
