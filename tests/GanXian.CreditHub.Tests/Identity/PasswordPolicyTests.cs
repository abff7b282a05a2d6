using GanXian.CreditHub.Identity;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Tests.Identity;

public sealed class PasswordPolicyTests
{
    private static PasswordPolicy Policy(int minimum = 12) =>
        new(Options.Create(new HubIdentityOptions { Password = new() { MinimumLength = minimum } }));

    [Theory]
    [InlineData("Lantern-Harbor-2931", null)]
    [InlineData("short", "密码至少需要 12 个字符")]
    [InlineData("", "密码至少需要 12 个字符")]
    [InlineData("my-name-is-zhang.san!", "密码不能包含用户名")]
    [InlineData("abababababababab", "密码过于简单（不同字符太少）")]
    [InlineData(" \t\u00a0\u3000 \t\u00a0\u3000 \t\u00a0\u3000", "密码不能全是空格")] // four kinds of blank: varied, but the sign-in takes it for none
    public void Checks_length_user_name_and_variety(string password, string? expected) =>
        Assert.Equal(expected, Policy().Check("zhang.san", password));

    [Fact]
    public void The_minimum_length_is_configuration_and_the_maximum_bounds_hashing_work()
    {
        Assert.Equal("密码至少需要 20 个字符", Policy(20).Check("u1", "Lantern-Harbor-2931"));
        Assert.Equal("密码不能超过 128 个字符", Policy().Check("u1", new string('a', 100) + new string('b', 29) + "cd"));
    }

    [Fact]
    public void A_password_typed_twice_must_be_the_same_both_times()
    {
        Assert.Null(PasswordPolicy.Confirm("Lantern-Harbor-2931", "Lantern-Harbor-2931"));
        Assert.Equal("两次输入的密码不一致", PasswordPolicy.Confirm("Lantern-Harbor-2931", "Lantern-Harbor-2932"));
        Assert.Equal("两次输入的密码不一致", PasswordPolicy.Confirm("Lantern-Harbor-2931", null));
    }
}
