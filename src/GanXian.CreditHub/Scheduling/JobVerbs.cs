using System.CommandLine;
using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Hosting;

namespace GanXian.CreditHub.Scheduling;

/// <summary><c>jobs list</c>, <c>jobs history [--job NAME] [--limit N]</c>, <c>jobs run NAME</c>.</summary>
public static class JobVerbs
{
    public static Command Create(WebApplication app)
    {
        var list = new Command("list", "列出计划任务及其下次运行时间和最近一次运行结果");
        list.SetAction(async (_, ct) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            foreach (var j in await scope.ServiceProvider.GetRequiredService<JobQueries>().ListAsync(ct))
            {
                var state = !j.Enabled ? "已停用" : !j.Registered ? "未实现（类型未注册）" : "启用";
                var next = j.NextFireTime is { } n ? Local(n) : "—";
                var last = j.LastRun is { } r ? $"{Local(r.StartedAt)} {JobOutcomes.Chinese(r.Outcome)}" : "从未运行";
                Console.WriteLine($"{j.Name,-20} {state,-8} 计划={CronText.Describe(j.Cron)}（{j.Cron}） 下次={next,-19} 最近={last}");
            }

            return ExitCodes.Ok;
        });

        var jobOption = new Option<string?>("--job") { Description = "只看这个任务" };
        var limitOption = LimitOption();
        var history = new Command("history", "查看任务运行历史（最新的在前）") { jobOption, limitOption };
        history.SetAction(async (parse, ct) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var runs = await scope.ServiceProvider.GetRequiredService<JobQueries>().HistoryAsync(parse.GetValue(jobOption), parse.GetValue(limitOption), ct);
            if (runs.Count == 0)
            {
                Console.WriteLine("没有运行记录。");
            }

            foreach (var r in runs)
            {
                var end = r.FinishedAt is { } f ? Local(f) : "—";
                var counts = r.Counts.Count == 0 ? "" : " " + string.Join(" ", r.Counts.Select(c => $"{c.Key}={c.Value}"));
                Console.WriteLine($"#{r.Id} {r.Job} {JobOutcomes.Chinese(r.Outcome)} 开始={Local(r.StartedAt)} 结束={end} 节点={r.Node} 触发={r.Trigger}{counts}");
                if (r.Summary is { Length: > 0 })
                {
                    Console.WriteLine("    " + r.Summary);
                }
            }

            return ExitCodes.Ok;
        });

        var nameArgument = new Argument<string>("NAME") { Description = "任务名（schedules/jobs/ 下的文件名）" };
        var run = new Command("run", "立即在本进程中运行一个任务（持有任务锁并记录运行历史）") { nameArgument };
        run.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(nameArgument)!;
            var runner = app.Services.GetRequiredService<JobRunner>();
            var result = await runner.RunAsync(name, JobRunRequest.Manual(Environment.UserName), ct);
            if (result is null)
            {
                await Console.Error.WriteLineAsync($"没有名为“{name}”的计划任务（见 jobs list）。");
                return ExitCodes.Failure;
            }

            Console.WriteLine($"任务 {name}：{JobOutcomes.Chinese(result.Outcome)}（运行 #{result.Id}）");
            if (result.Summary is { Length: > 0 })
            {
                Console.WriteLine(result.Summary);
            }

            return result.Outcome == JobOutcomes.Succeeded ? ExitCodes.Ok : ExitCodes.Failure;
        });

        return new Command("jobs", "计划任务：列表、运行历史、立即运行") { list, history, run };
    }

    private static string Local(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, BusinessTime.Zone).ToString("yyyy-MM-dd HH:mm:ss");

    /// <summary>
    /// <c>--limit N</c>, refused outside 1…<see cref="JobQueries.MaxLimit"/>: the query clamps it, so <c>--limit 0</c> or
    /// <c>-5</c> showed one run and <c>--limit 100000</c> fewer than asked, without a word.
    /// </summary>
    internal static Option<int> LimitOption()
    {
        var option = new Option<int>("--limit") { Description = $"最多显示多少条（1–{JobQueries.MaxLimit}）", DefaultValueFactory = _ => 20 };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > JobQueries.MaxLimit)
            {
                r.AddError($"--limit 应为 1 到 {JobQueries.MaxLimit} 之间的整数");
            }
        });
        return option;
    }
}
