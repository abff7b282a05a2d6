using System.CommandLine;
using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Data;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace GanXian.CreditHub.Exchange;

/// <summary>
/// <c>exchange</c>: runs the nightly exchange once and prints a summary per catalogue. Exit codes are in
/// <see cref="ExchangeExitCodes"/> (and docs/exchange.md).
/// </summary>
public static class ExchangeVerb
{
    public static Command Create(WebApplication app)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "只显示将要发送的内容，不发送，也不改变任何状态" };
        var sample = new Option<bool>("--sample") { Description = "收件目录为空且从未导入过文件时，先复制随附的示例文件" };
        var command = new Command("exchange", "执行一次完整的夜间交换：读取收件目录、校验、发送、回执、问题数据反馈") { dryRun, sample };
        command.SetAction(async (parse, ct) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
            {
                // As serve does: the embedded default works on a fresh clone without a separate db migrate.
                await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateIfPendingAsync(ct);
            }

            var runner = scope.ServiceProvider.GetRequiredService<ExchangeRunner>();
            var request = new ExchangeRunRequest(ExchangeRunMode.Full, "manual:cli", parse.GetValue(dryRun), parse.GetValue(sample));
            var summary = Console.IsOutputRedirected
                ? await runner.RunAsync(request, new Progress<string>(Console.WriteLine), ct)
                : await AnsiConsole.Status().StartAsync("交换开始 …", ctx => runner.RunAsync(request, new Progress<string>(m => ctx.Status(Markup.Escape(m))), ct));
            Print(summary);
            return ExchangeExitCodes.For(summary);
        });
        return command;
    }

    private static void Print(ExchangeSummary summary)
    {
        string[] headers = ["目录", "读取", "有效", "隔离", "未变化", summary.DryRun ? "将发送" : "已发送", "已接收", "已拒绝", summary.DryRun ? "待发送" : "待重试"];
        var rows = summary.Catalogs.Select(kv => new[]
        {
            kv.Key, $"{kv.Value.Read}", $"{kv.Value.Valid}", $"{kv.Value.Quarantined}", $"{kv.Value.Unchanged}",
            $"{(summary.DryRun ? kv.Value.Pending : kv.Value.Sent)}", $"{kv.Value.Accepted}", $"{kv.Value.Rejected}", $"{kv.Value.Pending}",
        }).ToList();
        if (Console.IsOutputRedirected)
        {
            Console.WriteLine(string.Join('\t', headers));
            rows.ForEach(r => Console.WriteLine(string.Join('\t', r)));
        }
        else
        {
            var table = new Table().Title(summary.DryRun ? "交换演练（未发送，未改变状态）" : "交换结果");
            foreach (var h in headers)
            {
                table.AddColumn(h == "目录" ? new TableColumn(h) : new TableColumn(h).RightAligned());
            }

            rows.ForEach(r => table.AddRow(r.Select(Markup.Escape).ToArray()));
            AnsiConsole.Write(table);
        }

        foreach (var f in summary.Files)
        {
            Console.WriteLine(f.Outcome switch
            {
                FileImportOutcome.Imported => $"  {f.FileName}：读取 {f.Read}，有效 {f.Valid}，隔离 {f.Quarantined}，未变化 {f.Unchanged}{f.Breakdown}{f.Remarks}",
                FileImportOutcome.AlreadyImported => $"  {f.FileName}：此前已处理",
                FileImportOutcome.Deferred => $"  {f.FileName}：仍在写入，留待下次处理",
                _ => $"  {f.FileName}：已拒收（{f.Message}）",
            });
        }

        summary.Messages.ForEach(m => Console.WriteLine("  " + m));
        if (summary.Phases.Count > 0)
        {
            Console.WriteLine("  " + summary.PhasesLine());
        }

        Console.WriteLine(summary.OneLine());
    }
}

/// <summary>Exit codes of <c>exchange</c>, beyond the hub's common ones (0 ok, 1 failure, 2 configuration, 3 database).</summary>
public static class ExchangeExitCodes
{
    public const int PendingRemain = 4;
    public const int CircuitOpen = 5;
    public const int Refused = 6;
    public const int LockBusy = 7;

    public static int For(ExchangeSummary summary) => summary.Status switch
    {
        ExchangeRunStatus.Completed => ExitCodes.Ok,
        ExchangeRunStatus.PendingRemain => PendingRemain,
        ExchangeRunStatus.CircuitOpen => CircuitOpen,
        ExchangeRunStatus.Refused => Refused,
        _ => LockBusy,
    };
}
