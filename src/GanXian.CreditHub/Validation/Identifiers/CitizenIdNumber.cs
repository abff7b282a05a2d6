namespace GanXian.CreditHub.Validation.Identifiers;

/// <summary>
/// 公民身份号码, GB 11643-1999 (DOMAIN.md §5): 6-digit address code, birth date, 3-digit sequence, check character.
/// A lower-case <c>x</c> is the same number; a 15-digit legacy number becomes 18 digits by inserting <c>19</c> after
/// the address code and computing the check. Never log or display a full number: see <see cref="Mask"/>.
/// </summary>
public static class CitizenIdNumber
{
    public const string ErrorCode = "INVALID_IDCARD";

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    public static bool IsValid(string? value) => Check(value).IsValid;

    public static IdentifierCheck Check(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return IdentifierCheck.Invalid(ErrorCode, "身份证号码为空");
        }

        if (value.Length == 15)
        {
            return Normalize(value) is { } upgraded ? Check(upgraded) : IdentifierCheck.Invalid(ErrorCode, "15位身份证号码应全部为数字且出生日期有效");
        }

        if (value.Length != 18)
        {
            return IdentifierCheck.Invalid(ErrorCode, $"身份证号码应为18位，实际为{value.Length}位");
        }

        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return IdentifierCheck.Invalid(ErrorCode, $"身份证号码第{i + 1}位应为数字");
            }
        }

        if (!IsBirthDate(value.AsSpan(6, 8)))
        {
            return IdentifierCheck.Invalid(ErrorCode, "身份证号码中的出生日期无效");
        }

        var expected = ComputeCheckCharacter(value.AsSpan(0, 17));
        return char.ToUpperInvariant(value[17]) == expected
            ? IdentifierCheck.Valid
            : IdentifierCheck.Invalid(ErrorCode, "身份证号码校验位错误");
    }

    /// <summary>
    /// The canonical 18-character form: trimmed, <c>x</c> upper-cased, a 15-digit number upgraded. Returns null when
    /// the input is not shaped like an ID number (it does not check the check character of an 18-digit number).
    /// </summary>
    public static string? Normalize(string? value)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v))
        {
            return null;
        }

        if (v.Length == 18)
        {
            return v[17] == 'x' ? string.Concat(v.AsSpan(0, 17), "X") : v;
        }

        if (v.Length != 15 || !v.All(char.IsAsciiDigit))
        {
            return null;
        }

        var first17 = string.Concat(v.AsSpan(0, 6), "19", v.AsSpan(6, 9));
        return IsBirthDate(first17.AsSpan(6, 8)) ? first17 + ComputeCheckCharacter(first17) : null;
    }

    /// <summary>First 6 and last 4 characters with 8 <c>*</c> between (DOMAIN.md §6), e.g. <c>360704********123X</c>.</summary>
    public static string Mask(string value) =>
        value.Length >= 10 ? string.Concat(value.AsSpan(0, 6), "********", value.AsSpan(value.Length - 4)) : new string('*', value.Length);

    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("17 digits expected", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(first17[i]))
            {
                throw new ArgumentException("digits expected", nameof(first17));
            }

            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    private static bool IsBirthDate(ReadOnlySpan<char> yyyymmdd) =>
        int.TryParse(yyyymmdd[..4], out var y) && int.TryParse(yyyymmdd.Slice(4, 2), out var m) && int.TryParse(yyyymmdd.Slice(6, 2), out var d)
        && y >= 1800 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m);
}
