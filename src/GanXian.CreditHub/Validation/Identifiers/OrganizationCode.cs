namespace GanXian.CreditHub.Validation.Identifiers;

/// <summary>组织机构代码, GB 11714: eight characters 0-9/A-Z and a check character (0-9 or X).</summary>
public static class OrganizationCode
{
    private static readonly int[] Weights = [3, 7, 9, 10, 5, 8, 4, 2];

    public static bool IsValid(string? value) => value is not null && IsValid(value.AsSpan());

    public static bool IsValid(ReadOnlySpan<char> value)
    {
        if (value.Length != 9)
        {
            return false;
        }

        return TryComputeCheckCharacter(value[..8], out var expected) && value[8] == expected;
    }

    public static bool TryComputeCheckCharacter(ReadOnlySpan<char> first8, out char check)
    {
        check = '\0';
        if (first8.Length != 8)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = first8[i];
            int v;
            if (char.IsAsciiDigit(c))
            {
                v = c - '0';
            }
            else if (c is >= 'A' and <= 'Z')
            {
                v = c - 'A' + 10;
            }
            else
            {
                return false;
            }

            sum += v * Weights[i];
        }

        var r = 11 - (sum % 11);
        check = r switch
        {
            10 => 'X',
            11 => '0',
            _ => (char)('0' + r),
        };
        return true;
    }
}
