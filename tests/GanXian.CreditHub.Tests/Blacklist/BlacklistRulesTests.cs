using System.Text.Json.Nodes;
using static GanXian.CreditHub.Tests.Collect.CollectTestKit;

namespace GanXian.CreditHub.Tests.Blacklist;

/// <summary>SHBX_YZSX entries: a removal says when and why, as the platform requires (PLATFORM-API.md §3).</summary>
public class BlacklistRulesTests
{
    private static JsonObject Entry(string state) => new()
    {
        ["ZTMC"] = "赣州恒通物流有限公司", ["ZTLB"] = "法人及非法人组织", ["TYSHXYDM"] = GoodUscc, ["SXQX"] = "1", ["SXSS"] = "未依法参加社会保险，经处罚后仍不改正",
        ["LRYJ"] = "《社会保险领域严重失信主体名单管理办法》第七条", ["JDWH"] = "赣县人社失信〔2025〕3号", ["LRRQ"] = "2025-06-01", ["LRJZRQ"] = "2028-06-01",
        ["RDJG"] = "赣州市赣县区人力资源和社会保障局", ["RDJGDM"] = "113607210145123499", ["ZT"] = state,
    };

    [Fact]
    public void A_removed_entry_without_removal_date_and_reason_is_refused()
    {
        var issues = Rules().Validate("SHBX_YZSX", Entry("移出"));

        Assert.Equal(
            [("YCRQ", "REMOVAL_DATE_REQUIRED", "状态为移出时必须填写移出日期"), ("YCYY", "REMOVAL_REASON_REQUIRED", "状态为移出时必须填写移出原因")],
            issues.Select(i => (i.Field!, i.Rule, i.Message)));
    }

    [Fact]
    public void A_removed_entry_with_its_date_and_reason_and_a_listed_one_without_them_are_valid()
    {
        var removed = Entry("移出");
        removed["YCRQ"] = "2026-11-20";
        removed["YCYY"] = "信用修复";

        Assert.Empty(Rules().Validate("SHBX_YZSX", removed));
        Assert.Empty(Rules().Validate("SHBX_YZSX", Entry("列入")));
    }
}
