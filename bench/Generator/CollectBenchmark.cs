using System.Diagnostics;
using GanXian.CreditHub.Collect;
using GanXian.CreditHub.Contributions;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Mapping;
using GanXian.CreditHub.Penalties;
using GanXian.CreditHub.Validation;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Bench.Generator;

/// <summary>
/// Reads a contribution file through the hub's <see cref="SourceFileReader"/> (decode, CSV, map, validate, recordId)
/// and turns every record into the row the importer COPYs (<see cref="StagedRow.From"/>: canonical JSON, content hash,
/// entity key, issues and original values of invalid rows), on one thread, nothing stored. Wired like AddCollection
/// wires it. Prints CPU time (whole process, and the reading loop alone), records per CPU-second and the peak RSS.
/// </summary>
internal static class CollectBenchmark
{
    public static int Run(string file, string mappingsDirectory, string? encoding, bool stage)
    {
        var settings = new Dictionary<string, string>
        {
            ["Collect:SourceUnitName"] = CollectOptions.DefaultSourceUnitName,
            ["Platform:SourceUnitUscc"] = "113607210145123499",
        };
        var registry = new MappingRegistry(mappingsDirectory, k => settings.GetValueOrDefault(k));
        var validation = new RecordValidation(registry.Catalogs, [new ContributionRules(TimeProvider.System), new PenaltyRules(Options.Create(new PenaltyPublicationOptions())), .. SubjectCategoryRules.All()]);
        var reader = new SourceFileReader(registry, validation);
        var source = new SourceDefinition("bench", "SHBX_JFXX", "in", "archive", "rejected", "SHBX_JFXX.json", encoding);

        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        long total = 0, valid = 0, issues = 0, stagedChars = 0;
        var task = Task.Run(async () =>
        {
            await foreach (var r in reader.ReadAsync(source, file, null, CancellationToken.None))
            {
                total++;
                if (r.IsValid)
                {
                    valid++;
                }

                issues += r.Issues.Count;
                if (stage)
                {
                    // What FileImporter hands to the COPY; the lengths keep the work observable.
                    var row = StagedRow.From(r);
                    stagedChars += (row.Data?.Length ?? 0) + (row.ContentHash?.Length ?? 0) + (row.Original?.Length ?? 0);
                }
            }
        });
        task.GetAwaiter().GetResult();
        watch.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var loop = cpu - cpuBefore;
        var path = stage ? "read+map+validate+StagedRow.From" : "read+map+validate";
        Console.WriteLine($"{Path.GetFileName(file)} ({path}): {total:N0} records ({valid:N0} valid, {issues:N0} issues, {stagedChars:N0} staged chars)");
        Console.WriteLine($"cpu {cpu.TotalSeconds:F2} s whole process = {total / cpu.TotalSeconds:N0} records per cpu-second; " +
                          $"loop {loop.TotalSeconds:F2} s = {loop.TotalMicroseconds / Math.Max(total, 1):F2} µs per record = {total / loop.TotalSeconds:N0} records per cpu-second");
        Console.WriteLine($"wall {watch.Elapsed.TotalSeconds:F2} s = {total / watch.Elapsed.TotalSeconds:N0} records/s; peak RSS {process.PeakWorkingSet64 / 1048576.0:F0} MiB; " +
                          $"GC heap after {GC.GetTotalMemory(false) / 1048576.0:F0} MiB; allocated {GC.GetTotalAllocatedBytes() / 1048576.0:N0} MiB; " +
                          $"gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}; GC pause {GC.GetTotalPauseDuration().TotalSeconds:F2} s");
        return 0;
    }
}
