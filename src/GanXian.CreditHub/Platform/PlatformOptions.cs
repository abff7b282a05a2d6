using GanXian.CreditHub.Platform.Contract;

namespace GanXian.CreditHub.Platform;

public enum PlatformMode
{
    /// <summary>The provincial platform (or a simulator someone runs) at <see cref="PlatformOptions.BaseUrl"/>.</summary>
    Remote,

    /// <summary>An in-process simulator started per run with a random key and secret; for trials and newcomers.</summary>
    EmbeddedSimulator,
}

/// <summary>Bound from the <c>Platform</c> section. <c>AppSecret</c> comes from the environment or user secrets, never from the repository.</summary>
public sealed class PlatformOptions
{
    public const string Section = "Platform";

    /// <summary>Kept as text so a wrong value becomes a validation message naming the key.</summary>
    public string Mode { get; set; } = nameof(PlatformMode.EmbeddedSimulator);

    public string BaseUrl { get; set; } = "";

    public string AppKey { get; set; } = "";

    public string AppSecret { get; set; } = "";

    public string SignMethod { get; set; } = RequestSignature.HmacSha256;

    /// <summary>The bureau's 统一社会信用代码, sent as <c>sourceUnitUscc</c> of every batch.</summary>
    public string SourceUnitUscc { get; set; } = "";

    /// <summary>One HTTP attempt; a 500-record batch is a few hundred KB.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>All attempts of one call together, waits included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    public int MaxRetryAttempts { get; set; } = 5;

    /// <summary>Base of the exponential backoff (with jitter); a <c>Retry-After</c> from the platform takes precedence.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    public int CircuitBreakerMinimumThroughput { get; set; } = 20;

    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// EmbeddedSimulator only: the file where the simulator keeps what it holds between runs, so reconciliation in a
    /// later run sees what an earlier one sent (empty = in memory for this run only). One process at a time.
    /// </summary>
    public string SimulatorStateFile { get; set; } = "data/platform-simulator.jsonl";

    /// <summary>EmbeddedSimulator only: the folder holding the simulator build (default: <c>simulator/</c> beside the hub).</summary>
    public string SimulatorPath { get; set; } = "";

    public static PlatformMode? ParseMode(string? value) =>
        Enum.TryParse<PlatformMode>(value, ignoreCase: true, out var m) && Enum.IsDefined(m) ? m : null;

    public bool IsRemote => ParseMode(Mode) == PlatformMode.Remote;
}
