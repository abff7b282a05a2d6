using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.IntegrationTests.Identity;

public sealed class DataProtectionKeyTests
{
    [Fact]
    public async Task With_a_certificate_the_key_ring_is_stored_encrypted_and_sign_in_works()
    {
        var folder = Directory.CreateTempSubdirectory("credithub-dp-");
        var pfx = Path.Combine(folder.FullName, "keyring.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=credithub-keyring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pfx-password"));
        }

        var (hub, _) = await UserAccountTests.StartAsync(settings: new()
        {
            [DataProtectionComposition.CertificatePathKey] = pfx,
            [DataProtectionComposition.CertificatePasswordKey] = "pfx-password",
        });
        await using var _ = hub;
        await hub.CreateUserAsync("qian.yu", [Roles.Officer]);
        using var browser = hub.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync("qian.yu", TestIdentity.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        await using var scope = hub.Services.CreateAsyncScope();
        var keys = await scope.ServiceProvider.GetRequiredService<CreditHubDbContext>().DataProtectionKeys.AsNoTracking().ToListAsync();
        var key = Assert.Single(keys);
        Assert.Contains("encryptedSecret", key.Xml);
        Assert.DoesNotContain("<masterKey", key.Xml);
    }

    [Fact]
    public async Task A_certificate_that_cannot_be_read_stops_the_start_with_a_chinese_reason()
    {
        var config = (await TestDatabase.CreateAsync(DatabaseProvider.Sqlite)).Configuration();
        config[DataProtectionComposition.CertificatePathKey] = "/nonexistent/keyring.pfx";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () => await (await TestHub.StartAsync(config, migrate: false)).DisposeAsync());

        Assert.Contains("Identity:DataProtection:CertificatePath", error.Message);
        Assert.Contains("不存在", error.Message);
    }

    [Fact]
    public async Task Two_wrong_sections_are_both_named_by_the_cli_rather_than_crashing_it()
    {
        var config = (await TestDatabase.CreateAsync(DatabaseProvider.Sqlite)).Configuration();
        config[DataProtectionComposition.CertificatePathKey] = "/nonexistent/keyring.pfx";
        config["ReverseProxy:KnownProxies:0"] = "nginx.internal";
        await using var app = TestHub.Build(config);
        var error = new StringWriter();

        Assert.Equal(GanXian.CreditHub.Cli.ExitCodes.Configuration, await GanXian.CreditHub.Cli.CliRoot.RunAsync(app, ["users", "list"], error));

        Assert.StartsWith("配置错误：", error.ToString());
        Assert.Contains("keyring.pfx", error.ToString());
        Assert.Contains("nginx.internal", error.ToString());
    }
}
