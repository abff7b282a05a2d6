using System.CommandLine;

namespace GanXian.CreditHub.Cli;

/// <summary>
/// A verb that checks configuration files itself and reports every problem, file by file (<c>mappings check</c>,
/// <c>schedules check</c>). The start-up check, which every other verb passes first, would stop it with a one-line
/// summary of those very problems (and of unrelated ones: a broken mapping hid every schedule problem).
/// </summary>
internal sealed class CheckCommand(string name, string description) : Command(name, description);
