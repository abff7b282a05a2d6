using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace GanXian.CreditHub.IntegrationTests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL cluster per test process, started on first use and stopped when the process exits. Each
/// test gets its own database, so tests run in parallel. <c>CREDITHUB_TEST_POSTGRES</c> (an admin connection string)
/// points the tests at an existing server instead. If neither works the tests fail with the reason: they never skip
/// and never fall back to another database.
/// </summary>
public static class PostgresServer
{
    public const string OverrideVariable = "CREDITHUB_TEST_POSTGRES";

    private static readonly Lazy<string> AdminConnection = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string AdminConnectionString => AdminConnection.Value;

    public static async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)].ToLowerInvariant();
        await using var conn = new NpgsqlConnection(AdminConnectionString);
        await conn.OpenAsync();
        await using (var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn))
        {
            await cmd.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ToString();
    }

    private static string Start()
    {
        if (Environment.GetEnvironmentVariable(OverrideVariable) is { Length: > 0 } external)
        {
            return external;
        }

        var bin = FindBinDirectory()
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (install postgresql-15, or set " +
                OverrideVariable + " to an admin connection string). Integration tests require a real PostgreSQL.");
        var asRoot = Environment.UserName == "root";
        RemoveStaleClusters(bin, asRoot);
        var dir = Path.Combine(Path.GetTempPath(), $"credithub-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(dir);
        if (asRoot)
        {
            // initdb refuses to run as root: the cluster belongs to the postgres user.
            Run("chown", ["postgres:postgres", dir]);
        }

        var port = FreePort();
        RunPg(asRoot, Path.Combine(bin, "initdb"), ["-D", dir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        RunPg(asRoot, Path.Combine(bin, "pg_ctl"),
        [
            "-D", dir, "-l", Path.Combine(dir, "server.log"), "-w", "-t", "60", "start", "-o",
            $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400",
        ]);

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                RunPg(asRoot, Path.Combine(bin, "pg_ctl"), ["-D", dir, "-m", "immediate", "stop"]);
                Directory.Delete(dir, recursive: true);
            }
            catch
            {
                // Best effort: the folder is under the temp directory.
            }
        };

        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=30";
    }

    /// <summary>
    /// Clusters of earlier test processes that are gone. The exit handler below does not always get to delete its
    /// cluster (the test host can be ended before it finishes), and each one is most of a gigabyte.
    /// </summary>
    private static void RemoveStaleClusters(string bin, bool asRoot)
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "credithub-pg-*"))
        {
            var parts = Path.GetFileName(dir).Split('-');
            if (parts.Length < 4 || !int.TryParse(parts[2], out var pid) || IsRunning(pid))
            {
                continue;
            }

            try
            {
                if (File.Exists(Path.Combine(dir, "postmaster.pid")))
                {
                    RunPg(asRoot, Path.Combine(bin, "pg_ctl"), ["-D", dir, "-m", "immediate", "stop"]);
                }
            }
            catch (Exception)
            {
                // Not running any more: only the files are left.
            }

            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (Exception)
            {
                // Best effort, as on exit.
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string? FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .OrderByDescending(d => d.EndsWith("/15", StringComparison.Ordinal))
            .ThenByDescending(d => d, StringComparer.Ordinal)
            .Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void RunPg(bool asRoot, string exe, string[] args)
    {
        if (asRoot)
        {
            Run("runuser", ["-u", "postgres", "--", exe, .. args]);
        }
        else
        {
            Run(exe, args);
        }
    }

    private static void Run(string exe, string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {exe}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"Starting the throwaway PostgreSQL failed: {exe} {string.Join(' ', args)} exited {p.ExitCode}: {stderr} {stdout.Result}");
        }
    }
}
