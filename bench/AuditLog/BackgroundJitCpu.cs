using System.Globalization;

namespace GanXian.CreditHub.Bench.AuditLog;

/// <summary>
/// CPU time of the runtime's tiered-compilation threads (<c>.NET Tiered Com</c>), which recompile hot code at tier 1
/// in the background for seconds after start-up (EF Core's model building and migrations included). It is process CPU
/// but not the appender's, so the bench subtracts it. Such a thread ends when idle and a new one starts later, so the
/// total is kept per thread id: what a thread used between its last sample and its end is lost (the appender's
/// figure can only come out too high). Linux only (/proc/self/task); zero elsewhere.
/// </summary>
internal sealed class BackgroundJitCpu
{
    private readonly Dictionary<string, long> seen = [];
    private long total;

    public TimeSpan Now()
    {
        const string tasks = "/proc/self/task";
        if (!Directory.Exists(tasks))
        {
            return TimeSpan.Zero;
        }

        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered Com", StringComparison.Ordinal))
                {
                    continue;
                }

                var stat = File.ReadAllText(Path.Combine(task, "schedstat"));
                var ns = long.Parse(stat.AsSpan(0, stat.IndexOf(' ')), CultureInfo.InvariantCulture);
                total += ns - seen.GetValueOrDefault(task);
                seen[task] = ns;
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        return TimeSpan.FromTicks(total / 100);
    }
}
