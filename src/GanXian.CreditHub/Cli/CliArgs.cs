namespace GanXian.CreditHub.Cli;

public static class CliArgs
{
    /// <summary>
    /// <c>--Section:Key=value</c> tokens are configuration overrides for the host (ASP.NET reads them from the command
    /// line); the verb parser must not see them, or it would reject them as unknown options.
    /// </summary>
    public static string[] WithoutConfigurationOverrides(string[] args) =>
        args.Where(a => !IsConfigurationOverride(a)).ToArray();

    public static bool IsConfigurationOverride(string arg) =>
        arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=') && arg.IndexOf(':') is > 2 and var colon && colon < arg.IndexOf('=');
}
