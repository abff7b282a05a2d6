namespace GanXian.CreditHub.Exchange;

/// <summary>The <c>Exchange</c> section: how batches are cut and whether the embedded demo uses the sample inbox. The inboxes themselves are <c>Collect:Sources</c>.</summary>
public sealed class ExchangeOptions
{
    public const string Section = "Exchange";

    /// <summary>At most this many records per batch (the platform allows 500).</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Upper bound of a batch body in bytes (the platform allows 5 MiB; a margin stays free).</summary>
    public int MaxBatchBytes { get; set; } = 5_000_000;

    /// <summary>How many batches may be on their way to the platform at once (the next ones are cut meanwhile).</summary>
    public int BatchesInFlight { get; set; } = 2;

    /// <summary>How many batches are cut and stored in one transaction.</summary>
    public int BatchesPerTransaction { get; set; } = 4;

    /// <summary>
    /// How many pipelines, each with its own database connection, push one catalogue at once on PostgreSQL (SQLite
    /// always uses one). Each lane has up to <see cref="BatchesInFlight"/> batches on their way.
    /// </summary>
    public int PushLanes { get; set; } = 2;

    /// <summary>
    /// With <c>Platform:Mode=EmbeddedSimulator</c> only: when a source has never imported a file and its inbox is empty,
    /// copy the shipped sample files into it first (the embedded demo). <c>exchange --sample</c> does it in any mode.
    /// </summary>
    public bool UseSampleInbox { get; set; } = true;

    /// <summary>Folder of the shipped sample inbox (relative to the application folder), one sub-folder per source name.</summary>
    public string SampleInbox { get; set; } = "samples/inbox";

    /// <summary>The largest file an officer may upload into an inbox (web page and API); 512 MiB holds a million-row export.</summary>
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;
}
