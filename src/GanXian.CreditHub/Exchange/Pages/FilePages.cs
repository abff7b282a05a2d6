namespace GanXian.CreditHub.Exchange.Pages;

/// <summary>Routes of the files page, and how it names a file's outcome.</summary>
public static class FilePages
{
    public const string ListPath = "/exchange/files";

    public static string OutcomeName(string outcome) => outcome switch
    {
        FileOutcomes.Archived => "已导入",
        FileOutcomes.Rejected => "已拒收",
        _ => outcome,
    };

    /// <summary>The quarantine items of one file (open ones: what is left to do).</summary>
    public static string QuarantineLink(string fileName) => $"{QuarantinePages.ListPath}?status={QuarantineStatuses.Open}&file={Uri.EscapeDataString(fileName)}";

    public static string Size(long bytes) => bytes < 1024 * 1024 ? $"{Math.Max(1, bytes / 1024)} KB" : InboxUpload.Megabytes(bytes);
}
