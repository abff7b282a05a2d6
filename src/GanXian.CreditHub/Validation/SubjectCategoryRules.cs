using GanXian.CreditHub.Mapping;

namespace GanXian.CreditHub.Validation;

/// <summary>
/// Catalogues whose subject may be an organisation or a natural person (PLATFORM-API.md §3): a 自然人 needs an ID
/// type and number, anyone else a credit code.
/// </summary>
public sealed class SubjectCategoryRules : CatalogRuleSet
{
    public const string NaturalPerson = "自然人";

    public static IEnumerable<SubjectCategoryRules> All() =>
    [
        new("SHBX_YZSX", "ZTLB", "TYSHXYDM", "ZJLX", "ZJHM"),
        new("XZCF", "CF_XDR_LB", "CF_XDR_SHXYM", "CF_XDR_ZJLX", "CF_XDR_ZJHM"),
        new("XZXK", "XK_XDR_LB", "XK_XDR_SHXYM", "XK_XDR_ZJLX", "XK_XDR_ZJHM"),
    ];

    private readonly string _catalog;
    private readonly FieldKey _category, _creditCode, _idType, _idNumber;

    private SubjectCategoryRules(string catalog, string category, string creditCode, string idType, string idNumber)
    {
        (_catalog, _category, _creditCode, _idType, _idNumber) = (catalog, category, creditCode, idType, idNumber);
    }

    public override void Check(RecordFields data, IssueSink issues)
    {
        var (category, creditCode, idType, idNumber) = (_category, _creditCode, _idType, _idNumber);
        var isPerson = data[category].Text == NaturalPerson;
        if (isPerson)
        {
            if (string.IsNullOrEmpty(data[idNumber].Text))
            {
                issues.Fail(idNumber.Code, "ID_NUMBER_REQUIRED", "主体类别为自然人时必须填写证件号码");
            }

            if (string.IsNullOrEmpty(data[idType].Text))
            {
                issues.Fail(idType.Code, "ID_TYPE_REQUIRED", "主体类别为自然人时必须填写证件类型");
            }
        }
        else if (!data[category].IsAbsent && string.IsNullOrEmpty(data[creditCode].Text))
        {
            issues.Fail(creditCode.Code, "USCC_REQUIRED", "主体类别不是自然人时必须填写统一社会信用代码");
        }
    }

    public override string Catalog => _catalog;
}
