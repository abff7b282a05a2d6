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

            await app.RunAsync(ct);
            return ExitCodes.Ok;
        });
        return command;
    }
}
