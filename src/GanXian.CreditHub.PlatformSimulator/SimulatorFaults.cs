using System.Globalization;
using System.Text.Json.Serialization;

namespace GanXian.CreditHub.PlatformSimulator;

/// <summary>
/// Faults applied to platform endpoints (never to /_sim/*). Rates are probabilities per request. The <c>*Next</c>
/// counters fail exactly that many coming requests, for deterministic tests. Changed at run time as a whole
/// (PUT /_sim/faults or <see cref="SimulatorServer.SetFaults"/>), so a request sees one consistent setting.
/// </summary>
public sealed class SimulatorFaults
{
    /// <summary>Fixed delay before every answer.</summary>
    public int LatencyMs { get; set; }

    /// <summary>A random extra delay of 0..JitterMs.</summary>
    public int JitterMs { get; set; }

    /// <summary>Answer 5xx (<see cref="ErrorStatus"/>, code INTERNAL_ERROR) before doing anything.</summary>
    public double ErrorRate { get; set; }

    public int ErrorStatus { get; set; } = 500;

    /// <summary>Answer 429 RATE_LIMITED with <c>Retry-After: RetryAfterSeconds</c> before doing anything.</summary>
    public double RateLimitRate { get; set; }

    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Do the work (a batch is stored), then answer 200 with a truncated JSON body.</summary>
    public double MalformedRate { get; set; }

    /// <summary>Commit-then-drop: do the work (a batch is stored), then abort the connection without answering.</summary>
    public double DropRate { get; set; }

    /// <summary>Every platform request answers 503 MAINTENANCE with Retry-After.</summary>
    public bool Maintenance { get; set; }

    public int ErrorNext { get; set; }

    public int RateLimitNext { get; set; }

    public int DropNext { get; set; }

    public int MalformedNext { get; set; }

    /// <summary>
    /// Answer that many coming requests 401 SIGNATURE_EXPIRED, as a platform whose clock has drifted from the hub's
    /// does (the hub re-signs once, so 2 refuse one call for good).
    /// </summary>
    public int UnauthorizedNext { get; set; }

    /// <summary>
    /// The next that many batches the platform stores keep every upsert they accept under another content hash, and the
    /// receipt says so: a platform that holds other content than the hub sent (or hashes it otherwise) does this.
    /// </summary>
    public int ContentHashMismatchNext { get; set; }

    [JsonIgnore]
    public bool IsNone => LatencyMs == 0 && JitterMs == 0 && ErrorRate == 0 && RateLimitRate == 0 && MalformedRate == 0 && DropRate == 0
                          && !Maintenance && ErrorNext == 0 && RateLimitNext == 0 && DropNext == 0 && MalformedNext == 0 && UnauthorizedNext == 0
                          && ContentHashMismatchNext == 0;

    public SimulatorFaults Clone() => (SimulatorFaults)MemberwiseClone();

    /// <summary>One <c>name=value</c> of the command line's <c>--fault</c>.</summary>
    public void Apply(string spec)
    {
        var parts = spec.Split('=', 2);
        var value = parts.Length == 2 ? parts[1] : "true";
        double Rate() => double.Parse(value, CultureInfo.InvariantCulture) is var r && r is >= 0 and <= 1 ? r : throw new ArgumentException($"故障 {spec}: 比例应在 0 到 1 之间");
        int Int() => int.Parse(value, CultureInfo.InvariantCulture);
        switch (parts[0])
        {
            case "latency": LatencyMs = Int(); break;
            case "jitter": JitterMs = Int(); break;
            case "error-rate": ErrorRate = Rate(); break;
            case "error-status": ErrorStatus = Int(); break;
            case "rate-limit": RateLimitRate = Rate(); break;
            case "retry-after": RetryAfterSeconds = Int(); break;
            case "malformed": MalformedRate = Rate(); break;
            case "drop": DropRate = Rate(); break;
            case "maintenance": Maintenance = bool.Parse(value); break;
            default: throw new ArgumentException($"未知故障 {parts[0]}");
        }
    }
}
