using GanXian.CreditHub.Validation.Identifiers;

namespace GanXian.CreditHub.Tests.Validation.Identifiers;

public sealed class UnifiedSocialCreditCodeTests
{
    private const string Alphabet = UnifiedSocialCreditCode.Alphabet;

    [Fact]
    public void The_example_of_the_standard_is_valid_without_warning()
    {
        var check = UnifiedSocialCreditCode.Check("91350100M000100Y43");
        Assert.True(check.IsValid);
        Assert.Null(check.Warning);
    }

    [Theory]
    [InlineData("91350100M000100Y4")]
    [InlineData("91350100M000100Y433")]
    [InlineData("91350100M000100Y44")]
    [InlineData("91350100M000100I43")]
    [InlineData("91350100m000100Y43")]
    [InlineData("913501A0M000100Y43")]
    [InlineData("")]
    [InlineData(null)]
    public void Malformed_or_altered_codes_are_rejected_with_the_platform_code(string? value)
    {
        var check = UnifiedSocialCreditCode.Check(value);
        Assert.False(check.IsValid);
        Assert.Equal("INVALID_USCC", check.ErrorCode);
        Assert.False(string.IsNullOrEmpty(check.Message));
    }

    [Fact]
    public void Generated_codes_with_both_ganxian_division_codes_are_valid_and_every_single_substitution_is_caught()
    {
        var random = new Random(20261201);
        for (var n = 0; n < 200; n++)
        {
            var code = Generate(random, n % 2 == 0 ? "360704" : "360721");
            Assert.True(UnifiedSocialCreditCode.IsValid(code), code);

            for (var pos = 0; pos < 18; pos++)
            {
                foreach (var c in Alphabet)
                {
                    if (c == code[pos] || (pos is >= 2 and < 8 && !char.IsAsciiDigit(c)))
                    {
                        continue;
                    }

                    var altered = string.Concat(code.AsSpan(0, pos), c.ToString(), code.AsSpan(pos + 1));
                    Assert.False(UnifiedSocialCreditCode.IsValid(altered), $"{code} → {altered}");
                }
            }
        }
    }

    [Fact]
    public void An_organisation_code_mismatch_inside_a_valid_code_is_only_a_warning()
    {
        // Organisation code part with a wrong GB 11714 check character, then a correct GB 32100 check character.
        var first17 = "91360704" + "MA35XXXX" + "1";
        var orgOk = OrganizationCode.TryComputeCheckCharacter("MA35XXXX", out var orgCheck) && orgCheck != '1';
        Assert.True(orgOk);
        var code = first17 + UnifiedSocialCreditCode.ComputeCheckCharacter(first17);

        var check = UnifiedSocialCreditCode.Check(code);

        Assert.True(check.IsValid);
        Assert.Contains("组织机构代码", check.Warning);
    }

    [Theory]
    [InlineData("M000100Y4", true)]
    [InlineData("M000100Y5", false)]
    [InlineData("M00010", false)]
    public void Organisation_codes_follow_gb11714(string value, bool valid) =>
        Assert.Equal(valid, OrganizationCode.IsValid(value));

    /// <summary>A realistic code: 9 (工商) + 1 (企业), division, a valid organisation code, the check character.</summary>
    internal static string Generate(Random random, string division)
    {
        const string orgChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        string org8;
        char orgCheck;
        do
        {
            org8 = new string(Enumerable.Range(0, 8).Select(_ => orgChars[random.Next(orgChars.Length)]).ToArray());
        }
        while (!OrganizationCode.TryComputeCheckCharacter(org8, out orgCheck) || Alphabet.IndexOf(orgCheck) < 0);

        var first17 = "91" + division + org8 + orgCheck;
        return first17 + UnifiedSocialCreditCode.ComputeCheckCharacter(first17);
    }
}
