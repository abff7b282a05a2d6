using GanXian.CreditHub.Validation.Identifiers;

namespace GanXian.CreditHub.Tests.Validation.Identifiers;

public sealed class CitizenIdNumberTests
{
    [Theory]
    [InlineData("11010519491231002X")]
    [InlineData("11010519491231002x")]
    public void The_example_of_the_standard_is_valid_in_either_case(string value) =>
        Assert.True(CitizenIdNumber.IsValid(value));

    [Theory]
    [InlineData("110105194912310021")]
    [InlineData("11010519491331002X")]
    [InlineData("11010519490230002X")]
    [InlineData("1101051949123100X2")]
    [InlineData("11010519491231002")]
    [InlineData("")]
    public void Altered_or_malformed_numbers_are_rejected(string value)
    {
        var check = CitizenIdNumber.Check(value);
        Assert.False(check.IsValid);
        Assert.Equal("INVALID_IDCARD", check.ErrorCode);
    }

    [Fact]
    public void A_legacy_15_digit_number_becomes_18_digits_with_19_and_a_computed_check()
    {
        Assert.Equal("11010519491231002X", CitizenIdNumber.Normalize("110105491231002"));
        Assert.True(CitizenIdNumber.IsValid("110105491231002"));
        Assert.Equal("11010519491231002X", CitizenIdNumber.Normalize(" 11010519491231002x "));
    }

    [Fact]
    public void Generated_numbers_are_valid_and_every_single_digit_substitution_is_caught()
    {
        var random = new Random(7);
        for (var n = 0; n < 300; n++)
        {
            var birth = new DateOnly(1950, 1, 1).AddDays(random.Next(25000));
            var first17 = $"360704{birth:yyyyMMdd}{random.Next(1000):000}";
            var id = first17 + CitizenIdNumber.ComputeCheckCharacter(first17);
            Assert.True(CitizenIdNumber.IsValid(id), id);

            for (var pos = 0; pos < 18; pos++)
            {
                foreach (var c in "0123456789X")
                {
                    if (c == id[pos] || (pos < 17 && c == 'X'))
                    {
                        continue;
                    }

                    var altered = string.Concat(id.AsSpan(0, pos), c.ToString(), id.AsSpan(pos + 1));
                    Assert.False(CitizenIdNumber.IsValid(altered), $"{id} → {altered}");
                }
            }
        }
    }

    [Fact]
    public void Masking_keeps_the_first_six_and_last_four()
    {
        Assert.Equal("110105********002X", CitizenIdNumber.Mask("11010519491231002X"));
    }
}
