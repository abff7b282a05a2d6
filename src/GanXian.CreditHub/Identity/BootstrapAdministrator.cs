using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Identity;

/// <summary>
/// Creates the first administrator from <c>Identity:BootstrapAdmin</c> when the host starts and no active administrator
/// exists. There is no default: without both settings nothing happens, and the CLI (<c>users add</c>) is the way in.
/// </summary>
public sealed class BootstrapAdministrator(IServiceScopeFactory scopes, IOptions<HubIdentityOptions> options, ILogger<BootstrapAdministrator> logger)
    : IHostedService
{
    public const string Actor = "system:bootstrap";

    public async Task StartAsync(CancellationToken ct)
    {
        var bootstrap = options.Value.BootstrapAdmin;
        if (string.IsNullOrEmpty(bootstrap.UserName) || string.IsNullOrEmpty(bootstrap.Password))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        if (await accounts.AnyActiveAdministratorAsync(ct))
        {
            return;
        }

        if (await accounts.FindAsync(bootstrap.UserName, ct) is not null)
        {
            logger.LogWarning("未创建初始管理员：用户 {UserName} 已存在但没有管理员角色", UserAccounts.Normalize(bootstrap.UserName));
            return;
        }

        if (await accounts.AddAsync(bootstrap.UserName, [Roles.Administrator], false, bootstrap.Password, Actor, ct) is { } error)
        {
            throw new OptionsValidationException(HubIdentityOptions.Section, typeof(HubIdentityOptions),
                [$"配置项 Identity:BootstrapAdmin 无法创建首个管理员：{error}"]);
        }

        logger.LogWarning("已按配置创建初始管理员 {UserName}；请从环境变量中删除 Identity:BootstrapAdmin:Password",
            UserAccounts.Normalize(bootstrap.UserName));
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
