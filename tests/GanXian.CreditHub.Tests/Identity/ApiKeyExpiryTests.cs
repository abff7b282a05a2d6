using GanXian.CreditHub.Identity;

namespace GanXian.CreditHub.Tests.Identity;

/// <summary>The expiry as the CLI's <c>--expires</c> and the page's date field give it.</summary>
public sealed class ApiKeyExpiryTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Empty_means_the_default_lifetime(string? text) => Assert.Equal((null, null), ApiKeys.ParseExpiry(text));

    [Fact]
    public void A_date_is_read_as_yyyy_mm_dd_only()
    {
        Assert.Equal((new DateOnly(2027, 12, 31), null), ApiKeys.ParseExpiry(" 2027-12-31 "));
        Assert.Equal((null, "到期日 31.12.2027 无效，应为 yyyy-MM-dd 格式。"), ApiKeys.ParseExpiry("31.12.2027"));
        Assert.NotNull(ApiKeys.ParseExpiry("2027-02-30").Error);
    }
}
