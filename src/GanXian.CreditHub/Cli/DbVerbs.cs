using System.CommandLine;
using GanXian.CreditHub.Data;

namespace GanXian.CreditHub.Cli;

public static class DbVerbs
{
    public static Command Create(WebApplication app)
    {
        var migrate = new Command("migrate", "应用数据库迁移（重复执行不会改变已是最新的数据库）");
        migrate.SetAction(async (_, ct) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var applied = await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
            Console.WriteLine(applied.Count == 0
                ? "数据库已是最新，无需迁移。"
                : $"已应用 {applied.Count} 个迁移：{string.Join("，", applied)}");
            return ExitCodes.Ok;
        });

        var status = new Command("status", "列出尚未应用的迁移");
        status.SetAction(async (_, ct) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var pending = await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().PendingAsync(ct);
            Console.WriteLine(pending.Count == 0 ? "没有待应用的迁移。" : $"待应用的迁移：{string.Join("，", pending)}");
            return pending.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });

        return new Command("db", "数据库维护") { migrate, status };
    }
}
