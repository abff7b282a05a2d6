namespace GanXian.CreditHub.Bench.Generator;

/// <summary>Makes valid identifiers (GB 32100 credit codes with a GB 11714 organisation code inside) for generated data.</summary>
internal static class Identifiers
{
    public const string UsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] UsccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly int[] OrgWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>A valid credit code: <paramref name="prefix"/> (e.g. 91 enterprise, 92 individual business), division code, organisation code.</summary>
    public static string CreditCode(Random random, string prefix, string division)
    {
        var body = new char[8];
        for (var i = 0; i < 8; i++)
        {
            // Mostly digits, as real organisation codes are; letters from the alphabet both standards share.
            body[i] = i < 2 && random.Next(4) == 0 ? UsccAlphabet[10 + random.Next(21)] : (char)('0' + random.Next(10));
        }

        var org = new string(body) + OrgCheck(body);
        var first17 = prefix + division + org;
        return first17 + UsccCheck(first17);
    }

    public static char OrgCheck(ReadOnlySpan<char> body)
    {
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = body[i];
            sum += (char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10) * OrgWeights[i];
        }

        var check = 11 - sum % 11;
        return check == 10 ? 'X' : check == 11 ? '0' : (char)('0' + check);
    }

    public static char UsccCheck(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += UsccAlphabet.IndexOf(first17[i]) * UsccWeights[i];
        }

        var check = 31 - sum % 31;
        return UsccAlphabet[check == 31 ? 0 : check];
    }

    /// <summary>The same code with its check character replaced by a wrong one.</summary>
    public static string WithWrongCheck(string code)
    {
        var i = UsccAlphabet.IndexOf(code[17]);
        return code[..17] + UsccAlphabet[(i + 7) % UsccAlphabet.Length];
    }

    /// <summary>A valid credit code whose embedded organisation code has a wrong check character (a warning, not an error).</summary>
    public static string WithWrongOrgCheck(string code)
    {
        var orgCheck = code[16];
        var wrong = orgCheck == '1' ? '2' : '1';
        var first17 = code[..16] + wrong;
        return first17 + UsccCheck(first17);
    }
}
