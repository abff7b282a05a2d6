using System.Globalization;

namespace GanXian.CreditHub.PlatformSimulator;

/// <summary>How one simulator instance starts. The same options come from the command line (<see cref="Parse"/>).</summary>
public sealed class SimulatorOptions
{
    /// <summary>0 picks a free port (tests, the embedded default).</summary>
    public int Port { get; set; }

    /// <summary>Loopback by default: the admin endpoints need no signature. Use 0.0.0.0 to serve other machines.</summary>
    public string Host { get; set; } = "127.0.0.1";

    public required string AppKey { get; set; }

    public required string AppSecret { get; set; }

    /// <summary>An append-only journal of what the simulator holds; replayed at start. Null: in memory only.</summary>
    public string? StateFile { get; set; }

    /// <summary>Allow /_sim/* from non-loopback clients (only matters when <see cref="Host"/> is not loopback).</summary>
    public bool AllowRemoteAdmin { get; set; }

    public SimulatorFaults Faults { get; set; } = new();

    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Allowed difference between a request's timestamp and the simulator's clock (contract: 300 s).</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>How long a nonce is remembered (contract: 600 s).</summary>
    public TimeSpan NonceWindow { get; set; } = TimeSpan.FromSeconds(600);

    public const string Usage = """
        用法: GanXian.CreditHub.PlatformSimulator --app-key KEY --app-secret SECRET [--port 9100] [--host 127.0.0.1]
              [--state-file PATH] [--allow-remote-admin] [--fault NAME=VALUE ...]
        故障 (--fault，可多次): latency=毫秒 jitter=毫秒 error-rate=0..1 error-status=500 rate-limit=0..1
              retry-after=秒 malformed=0..1 drop=0..1 maintenance=true|false
        运行中可通过 GET/PUT /_sim/faults 查看或修改故障设置。
        """;

    public static SimulatorOptions Parse(string[] args)
    {
        string? appKey = null, appSecret = null;
        var o = new SimulatorOptions { AppKey = "", AppSecret = "" };
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"参数 {args[i]} 缺少取值");
            switch (args[i])
            {
                case "--port": o.Port = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--host": o.Host = Next(); break;
                case "--app-key": appKey = Next(); break;
                case "--app-secret": appSecret = Next(); break;
                case "--state-file": o.StateFile = Next(); break;
                case "--allow-remote-admin": o.AllowRemoteAdmin = true; break;
                case "--fault": o.Faults.Apply(Next()); break;
                default: throw new ArgumentException($"未知参数 {args[i]}");
            }
        }

        o.AppKey = string.IsNullOrWhiteSpace(appKey) ? throw new ArgumentException("缺少 --app-key") : appKey;
        o.AppSecret = string.IsNullOrWhiteSpace(appSecret) ? throw new ArgumentException("缺少 --app-secret") : appSecret;
        return o;
    }
}
