using System.Globalization;

namespace GanXian.CreditHub.Bench.AuditLog;

/// <summary>
/// CPU time of the runtime's tiered-compilation threads (<c>.NET Tiered Com</c>), which recompile hot code at tier 1
/// in the background for seconds after start-up (EF Core's model building and migrations included). It is process CPU
/// but not the appender's, so the bench subtracts it. Linux only (/proc/self/task); zero elsewhere.
/// </summary>
internal static class BackgroundJitCpu
{
    public static TimeSpan Now()
    {
        const string tasks = "/proc/self/task";
        if (!Directory.Exists(tasks))
        {
            return TimeSpan.Zero;
        }

        long ns = 0;
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered Com", StringComparison.Ordinal))
                {
                    continue;
                }

                var stat = File.ReadAllText(Path.Combine(task, "schedstat"));
                ns += long.Parse(stat.AsSpan(0, stat.IndexOf(' ')), CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        return TimeSpan.FromTicks(ns / 100);
    }
}
