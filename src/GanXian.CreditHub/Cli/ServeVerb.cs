using System.CommandLine;
using GanXian.CreditHub.Data;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Cli;

public static class ServeVerb
{
    public static Command Create(WebApplication app)
    {
        var urls = new Option<string?>("--urls") { Description = "监听地址，例如 http://127.0.0.1:5080" };
        var command = new Command("serve", "启动 Web 界面、API 与调度器") { urls };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(urls) is { Length: > 0 } u)
            {
                app.Urls.Clear();
                foreach (var url in u.Split(';', StringSplitOptions.RemoveEmptyEntries))
                {
                    app.Urls.Add(url);
                }
            }

            if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
            {
                await using var scope = app.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateIfPendingAsync(ct);
            }

            WarnOfPlainKeyRing(app);
            await app.RunAsync(ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// In production (PostgreSQL) without a certificate the key ring that signs sign-in cookies is stored in plain form:
    /// say so once, in Chinese, in place of the framework's English warning at each new key (silenced in HubLogging).
    /// </summary>
    private static void WarnOfPlainKeyRing(WebApplication app)
    {
        if (string.IsNullOrWhiteSpace(app.Configuration[Identity.DataProtectionComposition.CertificatePathKey])
            && DatabaseOptions.ParseProvider(app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider) == DatabaseProvider.Postgres)
        {
            app.Logger.LogWarning("登录 Cookie 与防伪令牌的数据保护密钥以明文存放在数据库表 identity_data_protection_keys；" +
                                  "生产环境请设置 {Key}（含私钥的 PFX 或 PEM 证书），见 README“Accounts, roles and API keys”",
                Identity.DataProtectionComposition.CertificatePathKey);
        }
    }
}
