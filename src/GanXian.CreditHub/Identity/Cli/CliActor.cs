namespace GanXian.CreditHub.Identity.Cli;

internal static class CliActor
{
    /// <summary>Who made a change from the command line, for the operation log: the operating-system account.</summary>
    public static string Current => $"cli:{Environment.UserName}";

    public static string Local(DateTimeOffset? at) => HubClaims.LocalTime(at);

    public static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return GanXian.CreditHub.Cli.ExitCodes.Failure;
    }
}
