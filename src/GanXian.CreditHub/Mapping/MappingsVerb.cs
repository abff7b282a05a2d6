using System.CommandLine;
using GanXian.CreditHub.Collect;
using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Platform;
using GanXian.CreditHub.Platform.Contract;

namespace GanXian.CreditHub.Mapping;

/// <summary><c>mappings check</c>: every mapping file, then (when the platform is configured and reachable) catalogue drift.</summary>
public static class MappingsVerb
{
    public static Command Create(WebApplication app)
    {
        var check = new CheckCommand("check", "检查 mappings/ 中的全部映射文件，并在平台可达时与平台目录定义（GET /api/v1/catalogs）比对");
        check.SetAction(async (_, ct) =>
        {
            var configuration = app.Services.GetRequiredService<IConfiguration>();
            var directory = CollectComposition.ResolveMappingsDirectory(
                configuration[$"{CollectOptions.Section}:{nameof(CollectOptions.MappingsDirectory)}"] ?? new CollectOptions().MappingsDirectory,
                app.Environment.ContentRootPath);
            var (catalogs, mappings, errors) = MappingRegistry.LoadAll(directory, key => CollectComposition.Setting(app.Services, configuration, key));
            Console.WriteLine($"映射目录：{directory}");
            foreach (var m in mappings)
            {
                Console.WriteLine($"  ✓ {m.Definition.File}  目录 {m.Catalog.Code}  版本 {m.Definition.Version}  字段 {m.Fields.Count} 个  格式 {string.Join("/", m.Definition.Formats)}");
            }

            foreach (var e in errors)
            {
                Console.WriteLine($"  ✗ {e}");
            }

            var drift = catalogs is null ? [] : await CompareWithPlatformAsync(app, catalogs, ct);
            foreach (var d in drift)
            {
                Console.WriteLine($"  ✗ 与平台目录不一致：{d}");
            }

            var failed = errors.Count + drift.Count;
            Console.WriteLine(failed == 0 ? "检查通过。" : $"检查未通过：{failed} 个问题。");
            return failed == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });

        return new Command("mappings", "映射文件维护") { check };
    }

    private static async Task<List<string>> CompareWithPlatformAsync(WebApplication app, CatalogSchemas local, CancellationToken ct)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var registered = scope.ServiceProvider.GetService<IServiceProviderIsService>()?.IsService(typeof(IPlatformApi)) == true;
        var configuration = scope.ServiceProvider.GetRequiredService<IConfiguration>();
        var where = configuration["Platform:BaseUrl"] is { Length: > 0 } url ? url : "内置模拟平台";
        if (!registered)
        {
            Console.WriteLine("平台客户端未注册：跳过与平台目录定义的比对。");
            return [];
        }

        IReadOnlyList<CatalogDefinition> remote;
        try
        {
            // Platform:Mode=EmbeddedSimulator compares with the simulator's catalogue; Remote with the platform's.
            await using var lease = await EmbeddedSimulator.StartIfConfiguredAsync(scope.ServiceProvider, ct);
            remote = await scope.ServiceProvider.GetRequiredService<IPlatformApi>().GetCatalogsAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Console.WriteLine($"平台（{where}）不可达（{ex.Message}）：跳过与平台目录定义的比对。");
            return [];
        }

        Console.WriteLine($"已取得平台目录定义 {remote.Count} 项，正在比对……");
        return CatalogDrift.Compare(local, remote);
    }
}

/// <summary>Differences between the hub's catalogs.json and the platform's catalogue definitions.</summary>
public static class CatalogDrift
{
    public static List<string> Compare(CatalogSchemas local, IReadOnlyList<CatalogDefinition> remote)
    {
        var problems = new List<string>();
        var remoteByCode = remote.ToDictionary(c => c.Code, StringComparer.Ordinal);
        foreach (var mine in local.All)
        {
            if (!remoteByCode.TryGetValue(mine.Code, out var theirs))
            {
                problems.Add($"平台没有目录 {mine.Code}");
                continue;
            }

            var theirFields = theirs.Fields.ToDictionary(f => f.Code, StringComparer.Ordinal);
            foreach (var f in mine.Fields)
            {
                if (!theirFields.Remove(f.Code, out var t))
                {
                    problems.Add($"{mine.Code}.{f.Code}：平台没有此字段");
                    continue;
                }

                if (t.Type != f.Type)
                {
                    problems.Add($"{mine.Code}.{f.Code}：类型 本地 {f.Type}，平台 {t.Type}");
                }

                if (t.Required != f.Required)
                {
                    problems.Add($"{mine.Code}.{f.Code}：必填 本地 {f.Required}，平台 {t.Required}");
                }

                if (t.MaxLength is not null && t.MaxLength != f.MaxLength)
                {
                    problems.Add($"{mine.Code}.{f.Code}：最大长度 本地 {f.MaxLength?.ToString() ?? "无"}，平台 {t.MaxLength}");
                }

                if (t.Scale is not null && t.Scale != f.Scale)
                {
                    problems.Add($"{mine.Code}.{f.Code}：小数位 本地 {f.Scale?.ToString() ?? "无"}，平台 {t.Scale}");
                }

                var a = f.CodeList ?? [];
                var b = t.CodeList ?? [];
                if (!a.Order(StringComparer.Ordinal).SequenceEqual(b.Order(StringComparer.Ordinal)))
                {
                    problems.Add($"{mine.Code}.{f.Code}：代码表 本地 [{string.Join(",", a)}]，平台 [{string.Join(",", b)}]");
                }
            }

            problems.AddRange(theirFields.Values.Where(t => t.Required).Select(t => $"{mine.Code}.{t.Code}：平台新增了必填字段（{t.Name}），本地没有"));
        }

        return problems;
    }
}
