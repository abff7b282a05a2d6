using GanXian.CreditHub.Hosting;

namespace GanXian.CreditHub.Tests.Hosting;

public sealed class PersonalIdRedactorTests
{
    [Theory]
    [InlineData("身份证 11010519491231002X 已处理", "身份证 110105********002X 已处理")]
    [InlineData("id=36070419900101123x", "id=360704********123x")]
    [InlineData("legacy 110105491231002", "legacy 110105********1002")]
    [InlineData("sfz360721198506123015", "sfz360721********3015")]
    [InlineData("ID110101199003077774号", "ID110101********7774号")]
    [InlineData("证件号360721198506123015abc", "证件号360721********3015abc")]
    [InlineData("身份证号码360721198506123015。", "身份证号码360721********3015。")]
    public void Masks_id_numbers_inside_text(string input, string expected) =>
        Assert.Equal(expected, PersonalIdRedactor.Mask(input));

    [Theory]
    [InlineData("91350100M000100Y43")]
    [InlineData("batch 12345 of 2026")]
    [InlineData("1234567890123456789012")]
    // A run of digits inside a hex hash is not a number someone typed: only a valid ID number is masked there.
    [InlineData("sha256 9f123456789012345678ab")]
    [InlineData("a123456789012345b")]
    [InlineData("platformId P-202612040000000001")]
    public void Leaves_other_text_alone(string input) => Assert.Equal(input, PersonalIdRedactor.Mask(input));

    [Theory]
    [InlineData("91350100M000100Y43", "91350100M000100Y43")]
    [InlineData("123607211000000052", "123607211000000052")]
    [InlineData("360721198506123015", "360721********3015")]
    public void Masks_an_entity_key_that_is_an_id_number_but_not_a_credit_code(string key, string expected) =>
        Assert.Equal(expected, PersonalIdRedactor.MaskEntityKey(key));
}
