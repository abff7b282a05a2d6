using System.Reflection;
using System.Runtime.Loader;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Platform;

/// <summary>
/// The embedded default: with <c>Platform:Mode=EmbeddedSimulator</c> the platform simulator runs inside this process,
/// with a key and secret drawn at random for the run. The hub does not reference the simulator (nor WireMock): the
/// build copies the simulator to <c>simulator/</c> beside the hub, and this class loads it into its own
/// <see cref="AssemblyLoadContext"/> and talks to its entry point with strings only.
/// </summary>
public sealed class EmbeddedSimulator(IOptions<PlatformOptions> options, PlatformEndpoint endpoint, ILogger<EmbeddedSimulator> log)
{
    /// <summary>The sourceUnitUscc used in EmbeddedSimulator mode when none is configured (a valid, invented code).</summary>
    public const string DemoSourceUnitUscc = "11360721014957209W";

    private const string AssemblyFile = "GanXian.CreditHub.PlatformSimulator.dll";
    private const string EntryType = "GanXian.CreditHub.PlatformSimulator.EmbeddedEntryPoint";

    private static readonly Dictionary<string, MethodInfo> EntryPoints = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IAsyncDisposable? _running;
    private PlatformEndpoint.Credentials? _credentials;
    private int _leases;

    /// <summary>
    /// In EmbeddedSimulator mode, starts the simulator (or joins the one already running) and points the client at it;
    /// in Remote mode does nothing. Dispose the result when the run is over: the last lease stops the simulator.
    /// </summary>
    public static Task<IAsyncDisposable> StartIfConfiguredAsync(IServiceProvider services, CancellationToken ct = default) =>
        services.GetRequiredService<EmbeddedSimulator>().StartIfConfiguredAsync(ct);

    public async Task<IAsyncDisposable> StartIfConfiguredAsync(CancellationToken ct = default)
    {
        var o = options.Value;
        if (o.IsRemote)
        {
            return NoLease.Instance;
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (_running is null)
            {
                var appKey = "embedded-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
                var appSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                var args = new List<string> { "--port", "0", "--app-key", appKey, "--app-secret", appSecret };
                if (!string.IsNullOrWhiteSpace(o.SimulatorStateFile))
                {
                    args.AddRange(["--state-file", Path.GetFullPath(o.SimulatorStateFile)]);
                }

                var (url, handle) = Load(SimulatorFolder(o), [.. args]);
                _running = handle;
                _credentials = new PlatformEndpoint.Credentials(new Uri(url), appKey, appSecret);
                endpoint.Set(_credentials);
                log.LogInformation("内置模拟平台已启动：{Url}（本次运行随机生成密钥）", url);
            }

            _leases++;
            return new Lease(this);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReleaseAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (--_leases > 0 || _running is null)
            {
                return;
            }

            endpoint.Clear(_credentials!);
            await _running.DisposeAsync();
            _running = null;
            _credentials = null;
            log.LogInformation("内置模拟平台已停止");
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string SimulatorFolder(PlatformOptions o) =>
        string.IsNullOrWhiteSpace(o.SimulatorPath) ? Path.Combine(AppContext.BaseDirectory, "simulator") : Path.GetFullPath(o.SimulatorPath);

    private static (string Url, IAsyncDisposable Handle) Load(string folder, string[] args)
    {
        var path = Path.Combine(folder, AssemblyFile);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Platform:Mode 为 EmbeddedSimulator，但找不到模拟平台程序 {path}（构建时应复制到 simulator/ 目录；或设置 Platform:SimulatorPath，或改用 Platform:Mode=Remote）");
        }

        MethodInfo start;
        lock (EntryPoints)
        {
            // One load context per simulator build and process: restarting the simulator does not load WireMock again.
            if (!EntryPoints.TryGetValue(path, out start!))
            {
                var assembly = new SimulatorLoadContext(path).LoadFromAssemblyPath(path);
                start = assembly.GetType(EntryType, throwOnError: true)!.GetMethod("Start", BindingFlags.Public | BindingFlags.Static)
                        ?? throw new InvalidOperationException($"{EntryType}.Start not found");
                EntryPoints[path] = start;
            }
        }

        try
        {
            var result = (Tuple<string, IAsyncDisposable>)start.Invoke(null, [args])!;
            return (result.Item1, result.Item2);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw new InvalidOperationException("内置模拟平台启动失败：" + ex.InnerException.Message, ex.InnerException);
        }
    }

    /// <summary>Resolves the simulator's own dependencies (WireMock and friends) from its folder; shared framework assemblies come from the default context.</summary>
    private sealed class SimulatorLoadContext(string mainAssemblyPath) : AssemblyLoadContext("platform-simulator", isCollectible: false)
    {
        private readonly AssemblyDependencyResolver _resolver = new(mainAssemblyPath);

        protected override Assembly? Load(AssemblyName assemblyName) =>
            _resolver.ResolveAssemblyToPath(assemblyName) is { } p ? LoadFromAssemblyPath(p) : null;

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
            _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } p ? LoadUnmanagedDllFromPath(p) : IntPtr.Zero;
    }

    private sealed class Lease(EmbeddedSimulator owner) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync() =>
            Interlocked.Exchange(ref _disposed, 1) == 0 ? new ValueTask(owner.ReleaseAsync()) : ValueTask.CompletedTask;
    }

    private sealed class NoLease : IAsyncDisposable
    {
        public static readonly NoLease Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
