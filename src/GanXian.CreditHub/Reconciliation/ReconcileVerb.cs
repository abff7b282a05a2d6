using System.CommandLine;
using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Exchange;

namespace GanXian.CreditHub.Reconciliation;

/// <summary><c>reconcile [--dry-run]</c>: reconciles with the platform now and prints every difference.</summary>
public static class ReconcileVerb
{
    public static Command Create(WebApplication app)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "只比对并列出差异，不修复，也不改变任何状态" };
        var command = new Command("reconcile", "对账：回读平台数据，与本平台认定已公示的数据比对，并重新发送或撤回以修复差异") { dryRun };
        command.SetAction(async (parse, ct) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<Reconciler>().RunAsync("manual:cli", parse.GetValue(dryRun), ct);
            foreach (var d in report.Differences)
            {
                Console.WriteLine($"  {d.Catalog}\t{d.RecordId}\t{d.Describe()}");
            }

            Console.WriteLine(report.OneLine());
            return report.Status switch
            {
                ReconciliationStatus.LockBusy => ExchangeExitCodes.LockBusy,
                ReconciliationStatus.PlatformUnavailable => ExchangeExitCodes.PendingRemain,
                _ => report.Repair is { } push ? ExchangeExitCodes.For(push) : ExitCodes.Ok,
            };
        });
        return command;
    }
}
