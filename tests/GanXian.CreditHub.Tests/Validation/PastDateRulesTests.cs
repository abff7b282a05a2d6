using System.Text.Json.Nodes;
using GanXian.CreditHub.Validation;
using Microsoft.Extensions.Time.Testing;
using static GanXian.CreditHub.Tests.Collect.CollectTestKit;

namespace GanXian.CreditHub.Tests.Validation;

/// <summary>Dates of what has already happened (a decision, a commitment, a listing) cannot lie after today in Shanghai.</summary>
public class PastDateRulesTests
{
    [Theory]
    [InlineData("XZCF", "CF_JDRQ", "处罚决定日期")]
    [InlineData("XZXK", "XK_JDRQ", "许可决定日期")]
    [InlineData("XYCN", "CNRQ", "做出承诺日期")]
    [InlineData("SHBX_YZSX", "LRRQ", "列入日期")]
    [InlineData("SHBX_YZSX", "YCRQ", "移出日期")]
    [InlineData("SXJL_HMD", "RDRQ", "认定日期")]
    public void A_date_after_today_in_shanghai_is_refused_and_today_is_not(string catalog, string field, string name)
    {
        // 2026-12-01 00:30 in Shanghai, still 30 November in UTC.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 16, 30, 0, TimeSpan.Zero));

        var future = Assert.Single(Rules(clock).Validate(catalog, new JsonObject { [field] = "2026-12-02" }), i => i.Rule == "DATE_IN_FUTURE");
        Assert.Equal((field, $"{name} 2026-12-02 晚于今天 2026-12-01"), (future.Field, future.Message));
        Assert.DoesNotContain(Rules(clock).Validate(catalog, new JsonObject { [field] = "2026-12-01" }), i => i.Rule == "DATE_IN_FUTURE");
    }

    [Fact]
    public void Every_rule_names_date_fields_of_its_catalogue()
    {
        Assert.All(PastDateRules.Fields.SelectMany(r => r.Fields.Select(f => (r.Catalog, Field: f))),
            p => Assert.Equal("date", Registry.Catalogs.Get(p.Catalog).Field(p.Field)?.Type));
    }
}
