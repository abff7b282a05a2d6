using GanXian.CreditHub.Identity;

namespace GanXian.CreditHub.Tests.Identity;

public sealed class RoleSetTests
{
    [Fact]
    public void Roles_are_normalised_to_the_canonical_order_without_duplicates()
    {
        Assert.Equal(("officer,auditor", null), RoleSet.Normalize([" Auditor", "officer", "AUDITOR"]));
        Assert.Equal(["officer", "auditor"], RoleSet.Parse("officer,auditor"));
        Assert.Equal("信用管理员、审计/监督", RoleSet.Describe("officer,auditor"));
    }

    [Fact]
    public void Unknown_or_missing_roles_are_refused_with_the_reason()
    {
        var (stored, error) = RoleSet.Normalize(["officer", "root"]);
        Assert.Null(stored);
        Assert.StartsWith("未知角色：root", error);
        Assert.StartsWith("至少需要一个角色", RoleSet.Normalize([" "]).Error);
    }

    [Theory]
    [InlineData("wang.li", true)]
    [InlineData("a1", true)]
    [InlineData("x", false)]
    [InlineData("-leading", false)]
    [InlineData("has space", false)]
    [InlineData("11010519491231002x", true)]
    public void User_names_are_short_ascii_identifiers(string name, bool valid) =>
        Assert.Equal(valid, UserAccounts.CheckUserName(name) is null);
}
