using System.CommandLine;
using GanXian.CreditHub.Cli;

namespace GanXian.CreditHub.Identity.Cli;

/// <summary><c>users add|disable|enable|reset-password|set-roles|list</c>.</summary>
public static class UserVerbs
{
    public static Command Create(WebApplication app)
    {
        var add = new Command("add", "新增用户（密码从标准输入读取，或在终端中提示输入）");
        var addName = NameArgument();
        var addRoles = RoleOption();
        var addPersonal = PersonalDataOption();
        add.Arguments.Add(addName);
        add.Options.Add(addRoles);
        add.Options.Add(addPersonal);
        add.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(addName)!;
            await using var scope = app.Services.CreateAsyncScope();
            if (scope.ServiceProvider.GetRequiredService<IPasswordInput>().Read(name) is not { } password)
            {
                return CliActor.Fail("未读取到密码，用户未创建。");
            }

            var error = await scope.ServiceProvider.GetRequiredService<UserAccounts>()
                .AddAsync(name, parse.GetValue(addRoles) ?? [], parse.GetValue(addPersonal), password, CliActor.Current, ct);
            return error is null ? Done($"已创建用户 {UserAccounts.Normalize(name)}。") : CliActor.Fail("未创建用户：" + error);
        });

        var reset = new Command("reset-password", "重设用户密码（同时解除锁定，并使该用户已有的登录失效）");
        var resetName = NameArgument();
        reset.Arguments.Add(resetName);
        reset.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(resetName)!;
            await using var scope = app.Services.CreateAsyncScope();
            if (scope.ServiceProvider.GetRequiredService<IPasswordInput>().Read(name) is not { } password)
            {
                return CliActor.Fail("未读取到密码，密码未修改。");
            }

            var error = await scope.ServiceProvider.GetRequiredService<UserAccounts>().ResetPasswordAsync(name, password, CliActor.Current, ct);
            return error is null ? Done($"已重设用户 {UserAccounts.Normalize(name)} 的密码。") : CliActor.Fail("密码未修改：" + error);
        });

        var setRoles = new Command("set-roles", "设置用户的角色与个人信息查看权限（替换原有设置）");
        var setName = NameArgument();
        var setRoleOption = RoleOption();
        var setPersonal = PersonalDataOption();
        setRoles.Arguments.Add(setName);
        setRoles.Options.Add(setRoleOption);
        setRoles.Options.Add(setPersonal);
        setRoles.SetAction(async (parse, ct) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var name = parse.GetValue(setName)!;
            var error = await scope.ServiceProvider.GetRequiredService<UserAccounts>()
                .SetRolesAsync(name, parse.GetValue(setRoleOption) ?? [], parse.GetValue(setPersonal), CliActor.Current, ct);
            return error is null ? Done($"已更新用户 {UserAccounts.Normalize(name)} 的角色。") : CliActor.Fail("角色未修改：" + error);
        });

        var list = new Command("list", "列出用户");
        list.SetAction(async (_, ct) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
            var users = await scope.ServiceProvider.GetRequiredService<UserAccounts>().ListAsync(ct);
            if (users.Count == 0)
            {
                return Done("尚无用户。使用 users add 创建首个管理员。");
            }

            Console.WriteLine("用户名\t角色\t个人信息权限\t状态\t最近登录");
            foreach (var u in users)
            {
                var status = u.Disabled ? "已停用" : u.IsLockedOut(clock.GetUtcNow()) ? $"锁定至 {CliActor.Local(u.LockedUntil)}" : "正常";
                Console.WriteLine($"{u.UserName}\t{RoleSet.Describe(u.Roles)}\t{(u.PersonalData ? "有" : "无")}\t{status}\t{CliActor.Local(u.LastLoginAt)}");
            }

            return ExitCodes.Ok;
        });

        return new Command("users", "用户账户管理")
        {
            add,
            Status("disable", "停用用户（立即使其登录失效）", (a, n, ct) => a.DisableAsync(n, CliActor.Current, ct), "已停用用户 {0}。", app),
            Status("enable", "重新启用用户（同时解除锁定）", (a, n, ct) => a.EnableAsync(n, CliActor.Current, ct), "已启用用户 {0}。", app),
            reset,
            setRoles,
            list,
        };
    }

    internal static Argument<string> NameArgument() => new("NAME") { Description = "名称（字母、数字、.、_、-）" };

    internal static Option<string[]> RoleOption() => new("--role")
    {
        Description = $"角色，可重复：{string.Join("、", Roles.All)}",
        Required = true,
        Arity = ArgumentArity.OneOrMore,
    };

    internal static Option<bool> PersonalDataOption() => new("--personal-data") { Description = "允许查看未脱敏的个人身份信息" };

    internal static int Done(string message)
    {
        Console.WriteLine(message);
        return ExitCodes.Ok;
    }

    private static Command Status(string verb, string description, Func<UserAccounts, string, CancellationToken, Task<string?>> change, string done, WebApplication app)
    {
        var name = NameArgument();
        var command = new Command(verb, description) { name };
        command.SetAction(async (parse, ct) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var value = parse.GetValue(name)!;
            var error = await change(scope.ServiceProvider.GetRequiredService<UserAccounts>(), value, ct);
            return error is null ? Done(string.Format(System.Globalization.CultureInfo.InvariantCulture, done, UserAccounts.Normalize(value))) : CliActor.Fail(error);
        });
        return command;
    }
}
