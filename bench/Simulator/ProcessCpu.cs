using System.Globalization;
using System.Runtime.InteropServices;

namespace GanXian.CreditHub.Bench.Simulator;

/// <summary>User + system CPU seconds of another process, from /proc/PID/stat (fields 14 and 15, in clock ticks).</summary>
internal static partial class ProcessCpu
{
    private const int ScClkTck = 2;
    private static readonly double TicksPerSecond = Sysconf(ScClkTck);

    public static double Seconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may contain spaces: count fields after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / TicksPerSecond;
    }

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long Sysconf(int name);
}
