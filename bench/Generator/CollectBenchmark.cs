using System.Diagnostics;
using GanXian.CreditHub.Collect;
using GanXian.CreditHub.Contributions;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Mapping;
using GanXian.CreditHub.Validation;

namespace GanXian.CreditHub.Bench.Generator;

/// <summary>
/// Reads a contribution file through the hub's <see cref="SourceFileReader"/> (decode, CSV, map, validate, recordId),
/// on one thread, and prints records/s and the peak working set. Wired like AddCollection wires it.
/// </summary>
internal static class CollectBenchmark
{
    public static int Run(string file, string mappingsDirectory, string? encoding)
    {
        var settings = new Dictionary<string, string>
        {
            ["Collect:SourceUnitName"] = CollectOptions.DefaultSourceUnitName,
            ["Platform:SourceUnitUscc"] = "113607210145123499",
        };
        var registry = new MappingRegistry(mappingsDirectory, k => settings.GetValueOrDefault(k));
        var validation = new RecordValidation(registry.Catalogs, [new ContributionRules(TimeProvider.System), .. SubjectCategoryRules.All()]);
        var reader = new SourceFileReader(registry, validation);
        var source = new SourceDefinition("bench", "SHBX_JFXX", "in", "archive", "rejected", "SHBX_JFXX.json", encoding);

        var watch = Stopwatch.StartNew();
        long total = 0, valid = 0, issues = 0;
        var task = Task.Run(async () =>
        {
            await foreach (var r in reader.ReadAsync(source, file, CancellationToken.None))
            {
                total++;
                if (r.IsValid)
                {
                    valid++;
                }

                issues += r.Issues.Count;
            }
        });
        task.GetAwaiter().GetResult();
        watch.Stop();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine($"cpu {process.TotalProcessorTime.TotalSeconds:F2} s = {total / process.TotalProcessorTime.TotalSeconds:N0} records per cpu-second");
        Console.WriteLine($"{Path.GetFileName(file)}: {total:N0} records ({valid:N0} valid, {issues:N0} issues) in {watch.Elapsed.TotalSeconds:F2} s = {total / watch.Elapsed.TotalSeconds:N0} records/s; peak working set {process.PeakWorkingSet64 / 1048576.0:F0} MiB; GC heap after {GC.GetTotalMemory(false) / 1048576.0:F0} MiB; gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
        return 0;
    }
}
