using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using FluentValidation.Results;
using GanXian.CreditHub.Mapping;
using GanXian.CreditHub.Validation.Identifiers;

namespace GanXian.CreditHub.Validation;

/// <summary>
/// The field rules every record of a catalogue must meet (PLATFORM-API.md §3): required, JSON type, length, code list,
/// decimal scale, the hub's format check, and identifier check digits (DOMAIN.md §5). Built once per catalogue from
/// catalogs.json; one rule per field.
/// </summary>
public sealed class CatalogFieldValidator : AbstractValidator<JsonObject>
{
    public CatalogFieldValidator(CatalogSpec catalog)
    {
        var fields = catalog.Fields
            .Select(f => (Field: f, Codes: f.CodeList is null ? null : new HashSet<string>(f.CodeList, StringComparer.Ordinal)))
            .ToArray();
        // One rule for all fields: FluentValidation's cost is per rule, and this runs a million times a night.
        RuleFor(d => d).Custom((data, ctx) =>
        {
            foreach (var (field, codes) in fields)
            {
                Check(field, codes, data[field.Code], ctx);
            }
        });
    }

    private static void Check(CatalogFieldSpec f, HashSet<string>? codes, JsonNode? node, ValidationContext<JsonObject> ctx)
    {
        void Fail(string rule, string message, Severity severity = Severity.Error) =>
            ctx.AddFailure(new ValidationFailure(f.Code, message) { ErrorCode = rule, Severity = severity });

        var label = $"{f.Name}（{f.Code}）";
        if (node is null || node is JsonValue v0 && v0.TryGetValue<string>(out var empty) && empty.Length == 0)
        {
            if (f.Required)
            {
                Fail("REQUIRED", $"缺少必填字段 {label}");
            }

            return;
        }

        if (f.Type is FieldTypes.Integer or FieldTypes.Decimal)
        {
            if (!FieldValues.TryGetNumber(node, out var number))
            {
                Fail("TYPE_MISMATCH", $"{label} 应为数值");
                return;
            }

            if (f.Type == FieldTypes.Integer && number != decimal.Truncate(number))
            {
                Fail("TYPE_MISMATCH", $"{label} 应为整数，实际为 {number.ToString(CultureInfo.InvariantCulture)}");
            }
            else if (f.Type == FieldTypes.Decimal && f.Scale is { } scale && decimal.Round(number, scale) != number)
            {
                Fail("DECIMAL_SCALE", $"{label} 最多 {scale} 位小数，实际为 {number.ToString(CultureInfo.InvariantCulture)}");
            }

            return;
        }

        if (node is not JsonValue sv || sv.GetValueKind() != JsonValueKind.String || !sv.TryGetValue<string>(out var text))
        {
            Fail("TYPE_MISMATCH", $"{label} 应为文本");
            return;
        }

        if (f.MaxLength is { } max && text.Length > max)
        {
            Fail("TOO_LONG", $"{label} 超过 {max} 个字符（实际 {text.Length} 个）");
        }

        switch (f.Type)
        {
            case FieldTypes.Code when codes is not null && !codes.Contains(text):
                Fail("CODE_NOT_IN_LIST", $"{label} 的值“{text}”不在代码表中（可用：{string.Join("、", f.CodeList!)}）");
                break;
            case FieldTypes.Date when !DateText.TryIsoDate(text, out _):
                Fail("INVALID_DATE", $"{label} 应为 yyyy-MM-dd 格式的日期，实际为“{text}”");
                break;
            case FieldTypes.DateTime when !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _):
                Fail("INVALID_DATETIME", $"{label} 应为 ISO 8601 日期时间，实际为“{text}”");
                break;
            case FieldTypes.Uscc:
                var uscc = UnifiedSocialCreditCode.Check(text);
                if (!uscc.IsValid)
                {
                    Fail(UnifiedSocialCreditCode.ErrorCode, $"{label}“{text}”无效：{uscc.Message}");
                }
                else if (uscc.Warning is { } warning)
                {
                    Fail("ORG_CODE_MISMATCH", $"{label}：{warning}（仅提示）", Severity.Warning);
                }

                break;
            case FieldTypes.IdCard:
                // The number itself never goes into a message (DOMAIN.md §6); the identifier's messages do not contain it.
                var id = CitizenIdNumber.Check(text);
                if (!id.IsValid)
                {
                    Fail(CitizenIdNumber.ErrorCode, $"{label}无效：{id.Message}");
                }
                else if (text.Length != 18 || text[17] == 'x')
                {
                    Fail("ID_NUMBER_NOT_NORMALISED", $"{label}应为 18 位且校验位 X 大写", Severity.Error);
                }

                break;
        }

        if (f.Format is { } format && !DateText.Matches(text, format))
        {
            Fail("INVALID_FORMAT", $"{label} 应为 {format} 格式，实际为“{text}”");
        }
    }
}
