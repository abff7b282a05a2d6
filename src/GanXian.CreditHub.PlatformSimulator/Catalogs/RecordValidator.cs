using System.Globalization;
using GanXian.CreditHub.Mapping;
using GanXian.CreditHub.Platform.Contract;
using GanXian.CreditHub.Validation.Identifiers;

namespace GanXian.CreditHub.PlatformSimulator.Catalogs;

/// <summary>
/// Checks one record's <c>data</c> against its catalogue as the platform would (PLATFORM-API.md §3–4): unknown
/// fields, required fields, types, lengths, code lists, check digits, then the cross-field rules of each catalogue.
/// Works on <see cref="RecordData"/> (no JSON DOM) and allocates only for the errors it finds.
/// </summary>
internal static class RecordValidator
{
    private const string NaturalPerson = "自然人";

    /// <returns>The record's errors, or null when it is valid.</returns>
    public static List<RecordError>? Validate(string catalog, FieldKeys fields, RecordData? data, FieldMemo? memo = null)
    {
        if (data is null)
        {
            return [new RecordError(null, "REQUIRED", "upsert 记录缺少 data")];
        }

        List<RecordError>? errors = null;
        var entries = data.Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            var (key, index, value) = entries[i];
            if (index < 0)
            {
                (errors ??= []).Add(new RecordError(key, "UNKNOWN_FIELD", $"目录 {catalog} 没有字段 {key}"));
            }
            else if (Check(fields.Fields[index], index, value, memo) is { } error)
            {
                (errors ??= []).Add(error);
            }
        }

        var missing = fields.RequiredMask & ~data.Present;
        for (var i = 0; missing != 0; i++, missing >>= 1)
        {
            if ((missing & 1) != 0)
            {
                var field = fields.Fields[i];
                (errors ??= []).Add(new RecordError(field.Code, "REQUIRED", $"缺少必填字段 {field.Code}（{field.Name}）"));
            }
        }

        CrossFieldRules(catalog, data, ref errors);
        return errors;
    }

    private static RecordError? Check(CatalogField field, int index, DataValue value, FieldMemo? memo)
    {
        if (memo is null || value.Kind != DataKind.String)
        {
            return CheckValue(field, value);
        }

        if (!memo.TryGetCheck(index, value.Text!, out var error))
        {
            error = CheckValue(field, value);
            memo.SetCheck(index, value.Text!, error);
        }

        return error;
    }

    private static RecordError? CheckValue(CatalogField field, DataValue value)
    {
        RecordError Error(string code, string message) => new(field.Code, code, $"{field.Code}（{field.Name}）{message}");

        if (value.Kind is DataKind.Null or DataKind.Composite)
        {
            return Error("INVALID_TYPE", value.Kind == DataKind.Null ? "不应为 null（可选字段缺省时应省略）" : "应为单个值");
        }

        switch (field.Type)
        {
            case "integer":
                return value is { Kind: DataKind.Number, IsInt64: true } ? null : Error("INVALID_TYPE", "应为整数（JSON 数字）");
            case "decimal":
                if (value is not { Kind: DataKind.Number, Decimal: { } d })
                {
                    return Error("INVALID_TYPE", "应为数值（JSON 数字，不是字符串）");
                }

                return field.Scale is { } scale && CanonicalNumber.Scale(d) > scale ? Error("INVALID_TYPE", $"小数位数不能超过 {scale} 位") : null;
        }

        if (value.Kind != DataKind.String)
        {
            return Error("INVALID_TYPE", "应为字符串");
        }

        var s = value.Text!;
        if (s.Length == 0)
        {
            return field.Required ? Error("REQUIRED", "不能为空") : Error("INVALID_TYPE", "不应为空字符串（可选字段缺省时应省略）");
        }

        if (field.MaxLength is { } max && s.Length > max)
        {
            return Error("TOO_LONG", $"长度 {s.Length} 超过上限 {max}");
        }

        return field.Type switch
        {
            "date" => DateText.TryIsoDate(s, out _) ? null : Error("INVALID_DATE", "应为 YYYY-MM-DD 格式的有效日期"),
            "datetime" => IsDateTime(s) ? null : Error("INVALID_DATE", "应为带时区偏移的 ISO 8601 时间"),
            "uscc" => UnifiedSocialCreditCode.Check(s) is { IsValid: false } c ? Error("INVALID_USCC", "不是有效的统一社会信用代码：" + c.Message) : null,
            "idcard" => CitizenIdNumber.IsValid(s) ? null : Error("INVALID_IDCARD", "不是有效的公民身份号码"),
            "code" => field.CodeList is { } list && !Contains(list, s) ? Error("NOT_IN_CODE_LIST", $"取值“{s}”不在代码表中（{string.Join("/", list)}）") : null,
            _ => null,
        };
    }

    private static void CrossFieldRules(string catalog, RecordData data, ref List<RecordError>? errors)
    {
        switch (catalog)
        {
            case "SHBX_JFXX":
                if (Number(data, "CBRS") is < 0)
                {
                    (errors ??= []).Add(new RecordError("CBRS", "RULE_VIOLATION", "参保人数不能为负"));
                }

                if (Number(data, "YJJE") is { } due && Number(data, "SJJE") is { } paid && Number(data, "QJJE") is { } owed)
                {
                    if (owed != due - paid)
                    {
                        (errors ??= []).Add(new RecordError("QJJE", "RULE_VIOLATION", $"欠缴金额 {owed} 应等于应缴金额 {due} 减实缴金额 {paid}"));
                    }
                    else if (owed < 0)
                    {
                        (errors ??= []).Add(new RecordError("QJJE", "RULE_VIOLATION", "欠缴金额不能为负"));
                    }
                }

                if (Text(data, "FKSSQ") is { } period && !DateText.TryYearMonth(period, out _, out _))
                {
                    (errors ??= []).Add(new RecordError("FKSSQ", "INVALID_DATE", "费款所属期应为 YYYYMM"));
                }

                break;
            case "SHBX_YZSX":
                SubjectIdentity(data, ref errors, "ZTLB", "TYSHXYDM", "ZJLX", "ZJHM");
                if (Text(data, "ZT") == "移出")
                {
                    RequireAll(data, ref errors, "状态为移出时", "YCRQ", "YCYY");
                }

                break;
            case "XZCF":
                SubjectIdentity(data, ref errors, "CF_XDR_LB", "CF_XDR_SHXYM", "CF_XDR_ZJLX", "CF_XDR_ZJHM");
                break;
            case "XZXK":
                SubjectIdentity(data, ref errors, "XK_XDR_LB", "XK_XDR_SHXYM", "XK_XDR_ZJLX", "XK_XDR_ZJHM");
                break;
        }
    }

    /// <summary>Organisations are identified by 统一社会信用代码, natural persons by certificate type and number.</summary>
    private static void SubjectIdentity(RecordData data, ref List<RecordError>? errors, string category, string uscc, string idType, string idNumber)
    {
        if (Text(data, category) == NaturalPerson)
        {
            RequireAll(data, ref errors, "主体为自然人时", idType, idNumber);
        }
        else if (Text(data, category) is not null)
        {
            RequireAll(data, ref errors, "主体不是自然人时", uscc);
        }
    }

    private static void RequireAll(RecordData data, ref List<RecordError>? errors, string when, params string[] codes)
    {
        foreach (var code in codes)
        {
            if (!data.ContainsKey(code))
            {
                (errors ??= []).Add(new RecordError(code, "REQUIRED", $"{when}必须填写 {code}"));
            }
        }
    }

    private static string? Text(RecordData data, string code) =>
        data.TryGetValue(code, out var v) && v.Kind == DataKind.String ? v.Text : null;

    private static decimal? Number(RecordData data, string code) =>
        data.TryGetValue(code, out var v) && v.Kind == DataKind.Number ? v.Decimal : null;

    private static bool Contains(IReadOnlyList<string> list, string s)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], s, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDateTime(string s) =>
        s.Length >= 20 && s[10] == 'T' && (s.EndsWith('Z') || s[^6] is '+' or '-')
        && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _);
}
