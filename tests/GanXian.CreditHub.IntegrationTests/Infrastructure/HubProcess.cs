using System.Diagnostics;

namespace GanXian.CreditHub.IntegrationTests.Infrastructure;

/// <summary>The hub's own build output (same configuration as the tests), run as an operator would run it.</summary>
internal static class HubProcess
{
    public static string HubDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GanXian.CreditHub.sln")))
        {
            dir = dir.Parent;
        }

        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(dir!.FullName, "src", "GanXian.CreditHub", "bin", configuration, "net10.0", "GanXian.CreditHub.dll");
        Assert.True(File.Exists(dll), $"the hub is not built: {dll}");
        return dll;
    }

    /// <summary>Runs one verb to its end in <paramref name="workingDirectory"/>; returns the exit code and both outputs.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string workingDirectory, IDictionary<string, string?> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(HubDll());
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
