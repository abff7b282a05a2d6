using System.Globalization;
using FluentValidation;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Mapping;
using GanXian.CreditHub.Validation.Identifiers;

namespace GanXian.CreditHub.Validation;

/// <summary>
/// The field rules every record of a catalogue must meet (PLATFORM-API.md §3): required, JSON type, length, code list,
/// decimal scale, the hub's format check, and identifier check digits (DOMAIN.md §5). Built once per catalogue from
/// catalogs.json; one rule per field.
/// </summary>
public sealed class CatalogFieldValidator : AbstractValidator<RecordFields>
{
    private readonly CatalogSpec _catalog;
    private readonly FieldRule[] _fields;

    public CatalogFieldValidator(CatalogSpec catalog)
    {
        _catalog = catalog;
        _fields = catalog.Fields
            .Select(f => new FieldRule(f, f.CodeList is null ? null : new HashSet<string>(f.CodeList, StringComparer.Ordinal), $"{f.Name}（{f.Code}）"))
            .ToArray();
        // One rule for all fields: FluentValidation's cost is per rule.
        RuleFor(d => d).Custom((data, ctx) => Check(data, new ValidationContextSink(ctx)));
    }

    /// <summary>Reports every broken field rule of <paramref name="data"/> to <paramref name="issues"/>, field by field in catalogue order.</summary>
    public void Check(RecordFields data, IssueSink issues)
    {
        // Positions are those of this catalogue's definition; a record read against another copy of it goes by code.
        var sameDefinition = ReferenceEquals(data.Catalog, _catalog);
        for (var i = 0; i < _fields.Length; i++)
        {
            Check(_fields[i], sameDefinition ? data[i] : data[_fields[i].Field.Code], issues);
        }
    }

    private sealed record FieldRule(CatalogFieldSpec Field, HashSet<string>? Codes, string Label)
    {
        // The last text that passed every check of this field: the checks of a text depend on the text alone, and an
        // employer's name and code, the period, the bureau's own code recur row after row as the same string instance.
        // A single reference, so concurrent validations can only ever see a text that did pass.
        public string? LastPassed;
    }

    private static void Check(FieldRule rule, FieldValue node, IssueSink issues)
    {
        var f = rule.Field;
        var codes = rule.Codes;
        var failed = false;
        void Fail(string code, string message, IssueSeverity severity = IssueSeverity.Error)
        {
            failed = true;
            issues.Fail(f.Code, code, message, severity);
        }

        var label = rule.Label;
        if (node.IsMissing)
        {
            if (f.Required)
            {
                Fail("REQUIRED", $"缺少必填字段 {label}");
            }

            return;
        }

        if (f.Type is FieldTypes.Integer or FieldTypes.Decimal)
        {
            if (!node.TryGetNumber(out var number))
            {
                Fail("TYPE_MISMATCH", $"{label} 应为数值");
                return;
            }

            if (f.Type == FieldTypes.Integer && number != decimal.Truncate(number))
            {
                Fail("TYPE_MISMATCH", $"{label} 应为整数，实际为 {number.ToString(CultureInfo.InvariantCulture)}");
            }
            else if (f.Type == FieldTypes.Decimal && f.Scale is { } scale && number.Scale > scale && decimal.Round(number, scale) != number)
            {
                Fail("DECIMAL_SCALE", $"{label} 最多 {scale} 位小数，实际为 {number.ToString(CultureInfo.InvariantCulture)}");
            }

            return;
        }

        if (!node.TryGetString(out var text))
        {
            Fail("TYPE_MISMATCH", $"{label} 应为文本");
            return;
        }

        if (ReferenceEquals(text, rule.LastPassed))
        {
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
                    Fail(UnifiedSocialCreditCode.ErrorCode, $"{label}“{text}”无效：{uscc.Message}{ExcelHint(text)}");
                }
                else if (uscc.Warning is { } warning)
                {
                    Fail("ORG_CODE_MISMATCH", $"{label}：{warning}（仅提示）", IssueSeverity.Warning);
                }

                break;
            case FieldTypes.IdCard:
                // The number itself never goes into a message (DOMAIN.md §6); the identifier's messages do not contain it.
                var id = CitizenIdNumber.Check(text);
                if (!id.IsValid)
                {
                    Fail(CitizenIdNumber.ErrorCode, $"{label}无效：{id.Message}{ExcelHint(text)}");
                }
                else if (text.Length != 18 || text[17] == 'x')
                {
                    Fail("ID_NUMBER_NOT_NORMALISED", $"{label}应为 18 位且校验位 X 大写", IssueSeverity.Error);
                }

                break;
        }

        if (f.Format is { } format && !DateText.Matches(text, format))
        {
            Fail("INVALID_FORMAT", $"{label} 应为 {format} 格式，实际为“{text}”");
        }

        if (!failed)
        {
            rule.LastPassed = text;
        }
    }

    /// <summary>
    /// Long digit strings typed into Excel become numbers shown as "1.23607E+17": the commonest reason a valid code
    /// arrives broken, so the message says what to do about it.
    /// </summary>
    internal static string ExcelHint(string text)
    {
        var e = text.IndexOfAny(['E', 'e']);
        if (e <= 0 || e == text.Length - 1)
        {
            return "";
        }

        var mantissa = text.AsSpan(0, e);
        var exponent = text.AsSpan(e + 1).TrimStart('+');
        return exponent.Length > 0 && exponent.ContainsAnyExcept("0123456789") is false
               && mantissa.ContainsAnyExcept("0123456789.") is false && char.IsAsciiDigit(mantissa[0])
            ? "（疑似被 Excel 转成了科学计数法：请把该列设为“文本”格式后重新导出）"
            : "";
    }
}
