using GanXian.CreditHub.Mapping;
using GanXian.CreditHub.Validation;

namespace GanXian.CreditHub.Blacklist;

/// <summary>
/// Rules of SHBX_YZSX (the serious-dishonesty list): an entry whose 状态 is 移出 says when and why it was removed. The
/// platform refuses such an entry without 移出日期 and 移出原因 (PLATFORM-API.md §3), so it is refused here, with the
/// row it came from, rather than in a receipt after the run.
/// </summary>
public sealed class BlacklistRules : CatalogRuleSet
{
    public const string Code = "SHBX_YZSX";

    private static readonly FieldKey ZT = "ZT", YCRQ = "YCRQ", YCYY = "YCYY";

    public override string Catalog => Code;

    public override void Check(RecordFields d, IssueSink issues)
    {
        if (d[ZT].Text != "移出")
        {
            return;
        }

        if (d[YCRQ].IsMissing)
        {
            issues.Fail(YCRQ.Code, "REMOVAL_DATE_REQUIRED", "状态为移出时必须填写移出日期");
        }

        if (d[YCYY].IsMissing)
        {
            issues.Fail(YCYY.Code, "REMOVAL_REASON_REQUIRED", "状态为移出时必须填写移出原因");
        }
    }
}
