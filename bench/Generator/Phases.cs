using System.Diagnostics;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Collect;
using GanXian.CreditHub.Contributions;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Mapping;
using GanXian.CreditHub.Validation;

namespace GanXian.CreditHub.Bench.Generator;

internal static class Phases
{
    public static async Task Run(string file, string mappingsDirectory)
    {
        var settings = new Dictionary<string, string> { ["Platform:SourceUnitUscc"] = "113607210145123499" };
        var registry = new MappingRegistry(mappingsDirectory, k => settings.GetValueOrDefault(k) ?? (k == "Collect:SourceUnitName" ? "x" : null));
        var validation = new RecordValidation(registry.Catalogs, [new ContributionRules(TimeProvider.System)]);
        var mapping = registry.Find("SHBX_JFXX.json")!;
        var w = Stopwatch.StartNew();
        using (var f = TabularFiles.Open(file, null))
        {
            long n = 0;
            while (await f.ReadAsync(default))
            {
                for (var i = 0; i < f.Headers.Count; i++) n += f.Cell(i).Length;
            }
        }
        Console.WriteLine($"read cells {w.ElapsedMilliseconds} ms");
        w.Restart();
        var data = new List<JsonObject>();
        using (var f = TabularFiles.Open(file, null))
        {
            var b = mapping.Bind(f.Headers, "x");
            while (await f.ReadAsync(default))
            {
                var issues = new List<RecordIssue>();
                data.Add(b.Map(f, issues).Data);
            }
        }
        Console.WriteLine($"read+map {w.ElapsedMilliseconds} ms");
        w.Restart();
        foreach (var d in data) validation.Validate("SHBX_JFXX", d, _ => null, new List<RecordIssue>());
        Console.WriteLine($"validate {w.ElapsedMilliseconds} ms");
        w.Restart();
        foreach (var d in data) RecordIds.For("SHBX_JFXX", mapping.Definition.RecordKey, d);
        Console.WriteLine($"ids {w.ElapsedMilliseconds} ms");
    }
}
