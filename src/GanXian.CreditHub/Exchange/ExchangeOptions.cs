namespace GanXian.CreditHub.Exchange;

/// <summary>The <c>Exchange</c> section: the inboxes and how batches are cut.</summary>
public sealed class ExchangeOptions
{
    public const string Section = "Exchange";

    /// <summary>At most this many records per batch (the platform allows 500).</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Upper bound of a batch body in bytes (the platform allows 5 MiB; a margin stays free).</summary>
    public int MaxBatchBytes { get; set; } = 5_000_000;

    /// <summary>When the inbox of a source is empty, copy the shipped sample files into it first (the embedded demo).</summary>
    public bool UseSampleInbox { get; set; }

    /// <summary>Folder of the shipped sample inbox, one sub-folder per source name.</summary>
    public string SampleInbox { get; set; } = "samples/inbox";

    public List<ExchangeSourceOptions> Sources { get; set; } = [];

    public IEnumerable<SourceDefinition> Definitions(string contentRoot) =>
        Sources.Select(s => new SourceDefinition(
            s.Name,
            s.Catalog,
            Path.GetFullPath(s.Inbox, contentRoot),
            Path.GetFullPath(s.Archive ?? Path.Combine(Path.GetDirectoryName(s.Inbox.TrimEnd('/')) ?? ".", "archive", s.Name), contentRoot),
            Path.GetFullPath(s.Rejected ?? Path.Combine(Path.GetDirectoryName(s.Inbox.TrimEnd('/')) ?? ".", "rejected", s.Name), contentRoot),
            Path.GetFullPath(s.MappingFile, contentRoot),
            s.Encoding));
}

public sealed class ExchangeSourceOptions
{
    public string Name { get; set; } = "";
    public string Catalog { get; set; } = "";
    public string Inbox { get; set; } = "";
    public string? Archive { get; set; }
    public string? Rejected { get; set; }
    public string MappingFile { get; set; } = "";

    /// <summary>Declared encoding (<c>utf-8</c>, <c>gb18030</c>); detected when absent.</summary>
    public string? Encoding { get; set; }
}
