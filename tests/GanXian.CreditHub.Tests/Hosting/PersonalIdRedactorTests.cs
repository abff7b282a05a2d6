using GanXian.CreditHub.Hosting;

namespace GanXian.CreditHub.Tests.Hosting;

public sealed class PersonalIdRedactorTests
{
    [Theory]
    [InlineData("身份证 11010519491231002X 已处理", "身份证 110105********002X 已处理")]
    [InlineData("id=36070419900101123x", "id=360704********123x")]
    [InlineData("legacy 110105491231002", "legacy 110105********1002")]
    public void Masks_id_numbers_inside_text(string input, string expected) =>
        Assert.Equal(expected, PersonalIdRedactor.Mask(input));

    [Theory]
    [InlineData("91350100M000100Y43")]
    [InlineData("batch 12345 of 2026")]
    [InlineData("1234567890123456789012")]
    public void Leaves_other_text_alone(string input) => Assert.Equal(input, PersonalIdRedactor.Mask(input));
}
