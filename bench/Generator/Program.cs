using System.Diagnostics;
using System.Globalization;
using GanXian.CreditHub.Bench.Generator;
using MiniExcelLibs;

// Generates realistic SHBX_JFXX contribution exports of the social-insurance system (deterministic for a seed).
//   contributions --rows 1000000 --encoding gbk|utf-8|utf-8-bom --out FILE [--employers 25000] [--seed 42] [--last-period 202610] [--codes]
//   samples --out samples/inbox/shbx-jfxx      (the repository's sample inbox, with a handful of invalid rows)
//   collect --file FILE [--mappings mappings] [--encoding gbk] [--no-stage]
//           (the hub's reader + mapper + validator + StagedRow.From, i.e. up to the rows the importer COPYs)
var command = args.FirstOrDefault() ?? "help";
string Opt(string name, string fallback)
{
    var i = Array.IndexOf(args, "--" + name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

switch (command)
{
    case "contributions":
    {
        var rows = long.Parse(Opt("rows", "1000000"), CultureInfo.InvariantCulture);
        var output = Opt("out", "bench/out/contributions.csv");
        var encoding = CsvOutput.Encoding(Opt("encoding", "gbk"));
        var random = new Random(int.Parse(Opt("seed", "42"), CultureInfo.InvariantCulture));
        var employers = Employers.Create(int.Parse(Opt("employers", "25000"), CultureInfo.InvariantCulture), random);
        var last = DateOnly.ParseExact(Opt("last-period", "202610") + "01", "yyyyMMdd", CultureInfo.InvariantCulture);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        var watch = Stopwatch.StartNew();
        using (var writer = new StreamWriter(output, false, encoding, 1 << 16))
        {
            CsvOutput.Write(writer, Contributions.Header);
            foreach (var row in Contributions.Rows(employers, last, random, typeNames: !args.Contains("--codes")).Take((int)Math.Min(rows, int.MaxValue)))
            {
                CsvOutput.Write(writer, CsvOutput.Cells(row));
            }
        }

        Console.WriteLine($"{rows:N0} rows, {employers.Length:N0} employers → {output} ({new FileInfo(output).Length / 1048576.0:F1} MiB, {watch.Elapsed.TotalSeconds:F1} s)");
        return 0;
    }
    case "collect":
        return CollectBenchmark.Run(Opt("file", "bench/out/contributions.csv"), Opt("mappings", "mappings"), args.Contains("--encoding") ? Opt("encoding", "") : null,
            stage: !args.Contains("--no-stage"));
    case "samples":
        Samples.Write(Opt("out", "samples/inbox/shbx-jfxx"));
        return 0;
    default:
        Console.WriteLine("usage: contributions --rows N --encoding gbk|utf-8|utf-8-bom --out FILE [--employers 25000] [--seed 42] [--last-period 202610] [--codes]");
        Console.WriteLine("       samples --out samples/inbox/shbx-jfxx");
        Console.WriteLine("       collect --file FILE [--mappings mappings] [--encoding gbk] [--no-stage]");
        return command == "help" ? 0 : 2;
}
