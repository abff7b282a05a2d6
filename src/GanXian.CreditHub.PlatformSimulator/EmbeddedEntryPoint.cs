namespace GanXian.CreditHub.PlatformSimulator;

/// <summary>
/// Called by the hub's <c>Platform/EmbeddedSimulator.cs</c> through reflection from its own load context, so only
/// framework types cross: the same arguments as the command line in, the base URL and a handle to stop it out.
/// </summary>
public static class EmbeddedEntryPoint
{
    public static Tuple<string, IAsyncDisposable> Start(string[] args)
    {
        var server = SimulatorServer.Start(SimulatorOptions.Parse(args));
        return Tuple.Create<string, IAsyncDisposable>(server.Url, server);
    }
}
