using System.CommandLine;
using GanXian.CreditHub.Cli;

namespace GanXian.CreditHub.Scheduling;

/// <summary>
/// <c>schedules check [--dir PATH]</c>: validates the schedule and calendar files (the configured folder, or another
/// one before it is deployed) and says which jobs have no task implementing their type yet.
/// </summary>
public static class SchedulesVerb
{
    public static Command Create(WebApplication app)
    {
        var dirOption = new Option<string?>("--dir") { Description = "要检查的目录（默认为配置项 Scheduling:Directory）" };
        var check = new CheckCommand("check", "检查计划任务与工作日历文件") { dirOption };
        check.SetAction(async (parse, ct) =>
        {
            var dir = parse.GetValue(dirOption) is { Length: > 0 } d ? Path.GetFullPath(d)
                // Bound here, not through IOptions: its validation loads these very files and would refuse to say more.
                : (app.Configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>() ?? new SchedulingOptions()).ResolveDirectory(app.Environment);
            var set = ScheduleFiles.Load(dir);
            Console.WriteLine($"检查目录：{dir}");
            foreach (var error in set.Errors)
            {
                await Console.Error.WriteLineAsync("错误：" + error);
            }

            await using var scope = app.Services.CreateAsyncScope();
            var warnings = 0;
            IReadOnlySet<string>? registered = null;
            try
            {
                registered = ScheduledTasks.RegisteredTypes(scope.ServiceProvider);
            }
            catch (Exception ex) when (CliRoot.OptionsFailures(ex) is { } other)
            {
                // The tasks need the other settings; a wrong one elsewhere must not hide what is wrong here.
                warnings++;
                Console.WriteLine($"警告：其他配置有误，无法确认各任务类型是否已实现（{other}）");
            }

            foreach (var job in set.Jobs)
            {
                var state = job.Enabled ? "启用" : "已停用";
                Console.WriteLine($"任务 {job.Name}：类型 {job.Type}，cron {job.Cron}（{job.TimeZone.Id}），错过处理 {job.MisfireName}，" +
                                  $"日历 {job.Calendar ?? "每天"}，锁 {job.LockName}，{state}");
                if (registered is not null && !registered.Contains(job.Type))
                {
                    warnings++;
                    Console.WriteLine($"警告：任务 {job.Name} 的类型“{job.Type}”尚无实现（未注册），不会被调度；其余任务照常运行。");
                }
            }

            var years = set.Calendar.CoveredYears;
            Console.WriteLine(years.Count == 0 ? "警告：工作日历没有任何年份的数据。" : $"工作日历覆盖年份：{string.Join("、", years)}");
            warnings += years.Count == 0 ? 1 : 0;
            Console.WriteLine(set.Errors.Count == 0
                ? $"检查通过：{set.Jobs.Count} 个任务，{warnings} 条警告。"
                : $"检查未通过：{set.Errors.Count} 处错误，{warnings} 条警告。");
            return set.Errors.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });

        return new Command("schedules", "计划任务文件（schedules/）") { check };
    }
}
