using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Platform.Contract;
using GanXian.CreditHub.Validation.Identifiers;

namespace GanXian.CreditHub.PlatformSimulator.Catalogs;

/// <summary>
/// Checks one record's <c>data</c> against its catalogue as the platform would (PLATFORM-API.md §3–4): unknown
/// fields, required fields, types, lengths, code lists, check digits, then the cross-field rules of each catalogue.
/// </summary>
public static class RecordValidator
{
    private const string NaturalPerson = "自然人";

    public static List<RecordError> Validate(string catalog, IReadOnlyDictionary<string, CatalogField> fields, JsonObject? data)
    {
        var errors = new List<RecordError>();
        if (data is null)
        {
            errors.Add(new RecordError(null, "REQUIRED", "upsert 记录缺少 data"));
            return errors;
        }

        foreach (var (key, value) in data)
        {
            if (!fields.TryGetValue(key, out var field))
            {
                errors.Add(new RecordError(key, "UNKNOWN_FIELD", $"目录 {catalog} 没有字段 {key}"));
            }
            else if (CheckValue(field, value) is { } error)
            {
                errors.Add(error);
            }
        }

        foreach (var field in fields.Values)
        {
            if (field.Required && !data.ContainsKey(field.Code))
            {
                errors.Add(new RecordError(field.Code, "REQUIRED", $"缺少必填字段 {field.Code}（{field.Name}）"));
            }
        }

        CrossFieldRules(catalog, data, errors);
        return errors;
    }

    private static RecordError? CheckValue(CatalogField field, JsonNode? node)
    {
        RecordError Error(string code, string message) => new(field.Code, code, $"{field.Code}（{field.Name}）{message}");

        if (node is not JsonValue value)
        {
            return Error("INVALID_TYPE", node is null ? "不应为 null（可选字段缺省时应省略）" : "应为单个值");
        }

        var kind = value.GetValueKind();
        switch (field.Type)
        {
            case "integer":
                return kind == JsonValueKind.Number && value.TryGetValue<long>(out _) ? null : Error("INVALID_TYPE", "应为整数（JSON 数字）");
            case "decimal":
                if (kind != JsonValueKind.Number || !value.TryGetValue<decimal>(out var d))
                {
                    return Error("INVALID_TYPE", "应为数值（JSON 数字，不是字符串）");
                }

                return field.Scale is { } scale && Scale(d) > scale ? Error("INVALID_TYPE", $"小数位数不能超过 {scale} 位") : null;
        }

        if (kind != JsonValueKind.String)
        {
            return Error("INVALID_TYPE", "应为字符串");
        }

        var s = value.GetValue<string>();
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
            "date" => IsDate(s) ? null : Error("INVALID_DATE", "应为 YYYY-MM-DD 格式的有效日期"),
            "datetime" => IsDateTime(s) ? null : Error("INVALID_DATE", "应为带时区偏移的 ISO 8601 时间"),
            "uscc" => UnifiedSocialCreditCode.Check(s) is { IsValid: false } c ? Error("INVALID_USCC", "不是有效的统一社会信用代码：" + c.Message) : null,
            "idcard" => CitizenIdNumber.IsValid(s) ? null : Error("INVALID_IDCARD", "不是有效的公民身份号码"),
            "code" => field.CodeList is { } list && !list.Contains(s) ? Error("NOT_IN_CODE_LIST", $"取值“{s}”不在代码表中（{string.Join("/", list)}）") : null,
            _ => null,
        };
    }

    private static void CrossFieldRules(string catalog, JsonObject data, List<RecordError> errors)
    {
        switch (catalog)
        {
            case "SHBX_JFXX":
                if (Number(data, "CBRS") is < 0)
                {
                    errors.Add(new RecordError("CBRS", "RULE_VIOLATION", "参保人数不能为负"));
                }

                if (Number(data, "YJJE") is { } due && Number(data, "SJJE") is { } paid && Number(data, "QJJE") is { } owed)
                {
                    if (owed != due - paid)
                    {
                        errors.Add(new RecordError("QJJE", "RULE_VIOLATION", $"欠缴金额 {owed} 应等于应缴金额 {due} 减实缴金额 {paid}"));
                    }
                    else if (owed < 0)
                    {
                        errors.Add(new RecordError("QJJE", "RULE_VIOLATION", "欠缴金额不能为负"));
                    }
                }

                if (Text(data, "FKSSQ") is { } period && !DateOnly.TryParseExact(period + "01", "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    errors.Add(new RecordError("FKSSQ", "INVALID_DATE", "费款所属期应为 YYYYMM"));
                }

                break;
            case "SHBX_YZSX":
                SubjectIdentity(data, errors, "ZTLB", "TYSHXYDM", "ZJLX", "ZJHM");
                if (Text(data, "ZT") == "移出")
                {
                    RequireAll(data, errors, "状态为移出时", "YCRQ", "YCYY");
                }

                break;
            case "XZCF":
                SubjectIdentity(data, errors, "CF_XDR_LB", "CF_XDR_SHXYM", "CF_XDR_ZJLX", "CF_XDR_ZJHM");
                break;
            case "XZXK":
                SubjectIdentity(data, errors, "XK_XDR_LB", "XK_XDR_SHXYM", "XK_XDR_ZJLX", "XK_XDR_ZJHM");
                break;
        }
    }

    /// <summary>Organisations are identified by 统一社会信用代码, natural persons by certificate type and number.</summary>
    private static void SubjectIdentity(JsonObject data, List<RecordError> errors, string category, string uscc, string idType, string idNumber)
    {
        if (Text(data, category) == NaturalPerson)
        {
            RequireAll(data, errors, "主体为自然人时", idType, idNumber);
        }
        else if (Text(data, category) is not null)
        {
            RequireAll(data, errors, "主体不是自然人时", uscc);
        }
    }

    private static void RequireAll(JsonObject data, List<RecordError> errors, string when, params string[] codes)
    {
        foreach (var code in codes)
        {
            if (!data.ContainsKey(code))
            {
                errors.Add(new RecordError(code, "REQUIRED", $"{when}必须填写 {code}"));
            }
        }
    }

    private static string? Text(JsonObject data, string code) =>
        data[code] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static decimal? Number(JsonObject data, string code) =>
        data[code] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<decimal>(out var d) ? d : null;

    private static int Scale(decimal d)
    {
        var s = CanonicalJson.FormatNumber(d);
        var dot = s.IndexOf('.');
        return dot < 0 ? 0 : s.Length - dot - 1;
    }

    private static bool IsDate(string s) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static bool IsDateTime(string s) =>
        s.Length >= 20 && s[10] == 'T' && (s.EndsWith('Z') || s[^6] is '+' or '-')
        && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _);
}
