using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Platform.Contract;

namespace GanXian.CreditHub.Reconciliation;

public enum DifferenceKind
{
    /// <summary>The hub believes the record published; the platform does not hold it.</summary>
    MissingAtPlatform,

    /// <summary>Published at the platform, but not with the content the hub last sent.</summary>
    ContentDiffers,

    /// <summary>The hub believes the record published; the platform shows it withdrawn.</summary>
    WithdrawnAtPlatform,

    /// <summary>The hub withdrew the record; the platform still shows it.</summary>
    PublishedButWithdrawnInHub,

    /// <summary>Published at the platform under a recordId the hub does not know.</summary>
    UnknownToHub,
}

/// <summary>One difference between what the hub believes is published and what the platform shows, and how it is repaired.</summary>
public sealed record ReconciliationDifference(string Catalog, string RecordId, DifferenceKind Kind, string? HubHash, string? PlatformHash)
{
    /// <summary>The repair: resend the hub's latest content, or withdraw.</summary>
    public string Repair => Kind is DifferenceKind.PublishedButWithdrawnInHub or DifferenceKind.UnknownToHub ? BatchRecord.Withdraw : BatchRecord.Upsert;

    public string Describe() => Kind switch
    {
        DifferenceKind.MissingAtPlatform => "平台上缺失（本平台认定已公示）",
        DifferenceKind.ContentDiffers => $"内容摘要不一致（本平台 {Short(HubHash)}，平台 {Short(PlatformHash)}）",
        DifferenceKind.WithdrawnAtPlatform => "平台上已撤回（本平台认定已公示）",
        DifferenceKind.PublishedButWithdrawnInHub => "平台上仍在公示（本平台已撤回）",
        _ => "平台上在公示，本平台无此记录",
    } + (Repair == BatchRecord.Withdraw ? "，修复：撤回" : "，修复：重新发送本平台最新内容");

    private static string Short(string? hash) => hash is null ? "无" : hash[..Math.Min(12, hash.Length)];
}

public enum ReconciliationStatus
{
    Completed,

    /// <summary>The platform could not be read (transient failure or open circuit): nothing was compared or repaired.</summary>
    PlatformUnavailable,

    /// <summary>An exchange run holds the lock <c>exchange</c>; the comparison would race with it.</summary>
    LockBusy,
}

public sealed class ReconciliationReport
{
    public bool DryRun { get; init; }
    public ReconciliationStatus Status { get; set; } = ReconciliationStatus.Completed;
    public List<ReconciliationDifference> Differences { get; } = [];

    /// <summary>Hub records compared with the platform.</summary>
    public long Checked { get; set; }

    /// <summary>Hub records not compared: pending, in an unanswered batch, rejected, or past their publication end (the push withdraws those).</summary>
    public long Skipped { get; set; }

    /// <summary>Records read from the platform.</summary>
    public long PlatformRecords { get; set; }

    public string? Error { get; set; }

    /// <summary>The exchange push that sent the repairs (null in a dry run or when there was nothing to repair).</summary>
    public ExchangeSummary? Repair { get; set; }

    public bool Succeeded => Status == ReconciliationStatus.Completed && Repair?.Status is null or ExchangeRunStatus.Completed;

    public string OneLine()
    {
        var head = Status switch
        {
            ReconciliationStatus.PlatformUnavailable => $"对账未完成：读取平台数据失败（{Error}），下次再对账。",
            ReconciliationStatus.LockBusy => "对账未执行：另一次交换正在运行（数据库锁 exchange 已被占用）。",
            _ => $"{(DryRun ? "对账演练" : "对账完成")}：平台记录 {PlatformRecords} 条，比对 {Checked} 条，跳过 {Skipped} 条，差异 {Differences.Count} 条" +
                 (Differences.Count == 0 ? "。" : $"（{string.Join("，", Differences.GroupBy(d => d.Kind).OrderBy(g => g.Key).Select(g => $"{Name(g.Key)} {g.Count()}"))}）。"),
        };
        if (Repair is { } push)
        {
            head += $" 修复发送：{push.OneLine()}" + (push.Messages.Count > 0 ? " " + string.Join(" ", push.Messages) : "");
        }

        return head;
    }

    public Dictionary<string, long> Counts()
    {
        var counts = new Dictionary<string, long>
        {
            ["platform"] = PlatformRecords, ["checked"] = Checked, ["skipped"] = Skipped, ["differences"] = Differences.Count,
            ["resent"] = Differences.Count(d => d.Repair == BatchRecord.Upsert), ["withdrawn"] = Differences.Count(d => d.Repair == BatchRecord.Withdraw),
        };
        foreach (var kind in Enum.GetValues<DifferenceKind>())
        {
            counts[Key(kind)] = Differences.Count(d => d.Kind == kind);
        }

        if (Repair is { } push)
        {
            counts["repairAccepted"] = push.Catalogs.Values.Sum(c => c.Accepted);
            counts["repairRejected"] = push.Catalogs.Values.Sum(c => c.Rejected);
            counts["pending"] = push.Catalogs.Values.Sum(c => c.Pending);
        }

        return counts;
    }

    public static string Name(DifferenceKind kind) => kind switch
    {
        DifferenceKind.MissingAtPlatform => "平台缺失",
        DifferenceKind.ContentDiffers => "内容不一致",
        DifferenceKind.WithdrawnAtPlatform => "平台已撤回",
        DifferenceKind.PublishedButWithdrawnInHub => "本平台已撤回",
        _ => "本平台未知",
    };

    public static string Key(DifferenceKind kind) => kind switch
    {
        DifferenceKind.MissingAtPlatform => "missing",
        DifferenceKind.ContentDiffers => "contentDiffers",
        DifferenceKind.WithdrawnAtPlatform => "withdrawnAtPlatform",
        DifferenceKind.PublishedButWithdrawnInHub => "withdrawnInHub",
        _ => "unknownToHub",
    };
}
