using GanXian.CreditHub.IntegrationTests.Infrastructure;

namespace GanXian.CreditHub.IntegrationTests.Cli;

/// <summary>
/// <c>mappings check</c> and <c>schedules check</c> are the tools for broken configuration files: they report every
/// problem file by file, instead of the start-up check's one summary line (exit 2) that every other verb gives.
/// </summary>
public sealed class CheckVerbsProcessTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("credithub-check-");

    private string Copy(string folder)
    {
        var hub = Path.GetDirectoryName(HubProcess.HubDll())!;
        var target = Path.Combine(work.FullName, folder);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(hub, folder), "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(Path.Combine(hub, folder), file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        return target;
    }

    private Dictionary<string, string?> BrokenMappingAndSchedule()
    {
        var mappings = Copy("mappings");
        var jfxx = Path.Combine(mappings, "SHBX_JFXX.json");
        File.WriteAllText(jfxx, File.ReadAllText(jfxx).Replace("\"trim\"", "\"trimm\""));
        var schedules = Copy("schedules");
        var exchange = Path.Combine(schedules, "jobs", "exchange.json");
        File.WriteAllText(exchange, File.ReadAllText(exchange).Replace("\"cron\"", "\"cronx\""));
        return new() { ["Collect__MappingsDirectory"] = mappings, ["Scheduling__Directory"] = schedules };
    }

    [Fact]
    public async Task Mappings_check_lists_each_file_when_one_is_broken()
    {
        var (exit, output, error) = await HubProcess.RunAsync(work.FullName, BrokenMappingAndSchedule(), "mappings", "check");

        Assert.True(exit == 1, $"exit {exit}: {output}{error}");
        Assert.Contains("✗ SHBX_JFXX.json 第", output);
        Assert.Contains("未知的转换 'trimm'", output);
        Assert.Contains("✓ XZCF.json", output);
        Assert.DoesNotContain("配置错误", output + error);
    }

    [Fact]
    public async Task Schedules_check_reports_its_own_files_although_a_mapping_is_broken_too()
    {
        var (exit, output, error) = await HubProcess.RunAsync(work.FullName, BrokenMappingAndSchedule(), "schedules", "check");

        Assert.True(exit == 1, $"exit {exit}: {output}{error}");
        Assert.Contains("exchange.json：字段 cronx：未知字段", error);
        Assert.Contains("任务 expiry-sweep", output);
        Assert.Contains("警告：其他配置有误", output);
        Assert.Contains("检查未通过", output);
    }

    public void Dispose() => work.Delete(recursive: true);
}
