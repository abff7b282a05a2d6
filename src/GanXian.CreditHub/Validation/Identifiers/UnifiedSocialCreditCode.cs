namespace GanXian.CreditHub.Validation.Identifiers;

/// <summary>
/// 统一社会信用代码, GB 32100-2015 (DOMAIN.md §5). Checked, never corrected: a wrong check character rejects the record.
/// A mismatch of the organisation code inside it (positions 9–17, GB 11714) is only a warning, because codes issued
/// during the 2015–2017 migration carry such mismatches and are still valid registrations.
/// </summary>
public static class UnifiedSocialCreditCode
{
    public const string ErrorCode = "INVALID_USCC";
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static bool IsValid(string? value) => Check(value).IsValid;

    public static IdentifierCheck Check(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return IdentifierCheck.Invalid(ErrorCode, "统一社会信用代码为空");
        }

        if (value.Length != 18)
        {
            return IdentifierCheck.Invalid(ErrorCode, $"统一社会信用代码应为18位，实际为{value.Length}位");
        }

        for (var i = 0; i < 18; i++)
        {
            if (Alphabet.IndexOf(value[i]) < 0)
            {
                return IdentifierCheck.Invalid(ErrorCode, $"统一社会信用代码第{i + 1}位“{value[i]}”不是允许的字符（不使用 I、O、Z、S、V 及小写字母）");
            }
        }

        for (var i = 2; i < 8; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return IdentifierCheck.Invalid(ErrorCode, "统一社会信用代码第3–8位应为登记管理机关行政区划码（数字）");
            }
        }

        var expected = ComputeCheckCharacter(value.AsSpan(0, 17));
        if (value[17] != expected)
        {
            return IdentifierCheck.Invalid(ErrorCode, $"统一社会信用代码校验位错误：第18位应为“{expected}”，实际为“{value[17]}”");
        }

        return OrganizationCode.IsValid(value.AsSpan(8, 9))
            ? IdentifierCheck.Valid
            : new IdentifierCheck(true, Warning: "统一社会信用代码第9–17位（组织机构代码）校验位不符合 GB 11714，请核实");
    }

    /// <summary>The check character for the first 17 characters (which must be in <see cref="Alphabet"/>).</summary>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("17 characters expected", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var v = Alphabet.IndexOf(first17[i]);
            if (v < 0)
            {
                throw new ArgumentException($"'{first17[i]}' is not a credit-code character", nameof(first17));
            }

            sum += v * Weights[i];
        }

        var check = 31 - (sum % 31);
        return Alphabet[check == 31 ? 0 : check];
    }
}
