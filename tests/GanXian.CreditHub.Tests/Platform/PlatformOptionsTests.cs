using GanXian.CreditHub.Platform;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Tests.Platform;

public class PlatformOptionsTests
{
    private static PlatformOptions Resolve(Dictionary<string, string?> values)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System);
        services.AddPlatformClient(config.GetSection("Platform"));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<PlatformOptions>>().Value;
    }

    [Fact]
    public void Remote_mode_without_a_secret_names_the_key()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["Platform:Mode"] = "Remote",
            ["Platform:BaseUrl"] = "https://credit.example.gov.cn/",
            ["Platform:AppKey"] = "k",
            ["Platform:SourceUnitUscc"] = "11360721014957209W",
        }));

        Assert.Contains("Platform:AppSecret", ex.Message);
    }

    [Theory]
    [InlineData("Platform:Mode", "Cloud", "Platform:Mode")]
    [InlineData("Platform:SignMethod", "HMAC-MD5", "Platform:SignMethod")]
    [InlineData("Platform:SourceUnitUscc", "11360721014957209X", "Platform:SourceUnitUscc")]
    [InlineData("Platform:BaseUrl", "ftp://x", "Platform:BaseUrl")]
    public void Invalid_values_name_their_key(string key, string value, string named)
    {
        var values = new Dictionary<string, string?>
        {
            ["Platform:Mode"] = "Remote",
            ["Platform:BaseUrl"] = "https://credit.example.gov.cn/",
            ["Platform:AppKey"] = "k",
            ["Platform:AppSecret"] = "s",
            ["Platform:SourceUnitUscc"] = "11360721014957209W",
            [key] = value,
        };

        var ex = Assert.Throws<OptionsValidationException>(() => Resolve(values));

        Assert.Contains(named, ex.Message);
    }

    [Fact]
    public void Embedded_mode_needs_no_secret_and_gets_a_demo_source_unit()
    {
        var o = Resolve(new() { ["Platform:Mode"] = "EmbeddedSimulator" });

        Assert.False(o.IsRemote);
        Assert.Equal(EmbeddedSimulator.DemoSourceUnitUscc, o.SourceUnitUscc);
    }
}
