using System.CommandLine;
using GanXian.CreditHub.Cli;

namespace GanXian.CreditHub.Identity.Cli;

/// <summary><c>apikeys create|revoke|list</c>.</summary>
public static class ApiKeyVerbs
{
    public static Command Create(WebApplication app)
    {
        var create = new Command("create", "为机器客户端（如电子招投标系统）创建 API 密钥；密钥只显示这一次");
        var createName = UserVerbs.NameArgument();
        var roles = UserVerbs.RoleOption();
        var personal = UserVerbs.PersonalDataOption();
        var expires = new Option<string?>("--expires") { Description = "到期日（含当日），格式 yyyy-MM-dd；默认一年后" };
        create.Arguments.Add(createName);
        create.Options.Add(roles);
        create.Options.Add(personal);
        create.Options.Add(expires);
        create.SetAction(async (parse, ct) =>
        {
            var (expiresOn, dateError) = ApiKeys.ParseExpiry(parse.GetValue(expires));
            if (dateError is not null)
            {
                return CliActor.Fail(dateError);
            }

            await using var scope = app.Services.CreateAsyncScope();
            var (created, error) = await scope.ServiceProvider.GetRequiredService<ApiKeys>()
                .CreateAsync(parse.GetValue(createName)!, parse.GetValue(roles) ?? [], parse.GetValue(personal), expiresOn, CliActor.Current, ct);
            if (created is null)
            {
                return CliActor.Fail("未创建密钥：" + error);
            }

            Console.WriteLine($"已创建 API 密钥 {created.Key.Name}（角色：{RoleSet.Describe(created.Key.Roles)}，有效期至 {created.Key.ExpiresOn:yyyy-MM-dd}）。");
            Console.WriteLine("密钥如下，仅显示这一次，请立即妥善保存（本系统只保存其摘要，无法找回）：");
            Console.WriteLine(created.Secret);
            Console.WriteLine(ApiKeys.UsageHint);
            return ExitCodes.Ok;
        });

        var revoke = new Command("revoke", "吊销 API 密钥（立即失效）");
        var revokeName = UserVerbs.NameArgument();
        revoke.Arguments.Add(revokeName);
        revoke.SetAction(async (parse, ct) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var name = parse.GetValue(revokeName)!;
            var error = await scope.ServiceProvider.GetRequiredService<ApiKeys>().RevokeAsync(name, CliActor.Current, ct);
            return error is null ? UserVerbs.Done($"已吊销 API 密钥 {UserAccounts.Normalize(name)}。") : CliActor.Fail(error);
        });

        var list = new Command("list", "列出 API 密钥（不含密钥本身）");
        list.SetAction(async (_, ct) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var today = Hosting.BusinessTime.Today(scope.ServiceProvider.GetRequiredService<TimeProvider>());
            var keys = await scope.ServiceProvider.GetRequiredService<ApiKeys>().ListAsync(ct);
            if (keys.Count == 0)
            {
                return UserVerbs.Done("尚无 API 密钥。");
            }

            Console.WriteLine("名称\t密钥标识\t角色\t个人信息权限\t到期日\t状态\t创建人");
            foreach (var k in keys)
            {
                var status = k.RevokedAt is not null ? $"已吊销（{CliActor.Local(k.RevokedAt)}）" : k.ExpiresOn < today ? "已过期" : "有效";
                Console.WriteLine($"{k.Name}\t{ApiKeys.Prefix}{k.KeyId}\t{RoleSet.Describe(k.Roles)}\t{(k.PersonalData ? "有" : "无")}\t{k.ExpiresOn:yyyy-MM-dd}\t{status}\t{k.CreatedBy}");
            }

            return ExitCodes.Ok;
        });

        return new Command("apikeys", "机器客户端 API 密钥管理") { create, revoke, list };
    }
}
