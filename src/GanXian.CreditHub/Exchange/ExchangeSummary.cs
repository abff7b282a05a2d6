namespace GanXian.CreditHub.Exchange;

public enum ExchangeRunMode
{
    /// <summary>The nightly exchange: import new inbox files, push, pull feedback.</summary>
    Full,

    /// <summary>Push only what is pending (retry-pending, resubmission).</summary>
    PushOnly,

    FeedbackOnly,
}

public sealed record ExchangeRunRequest(ExchangeRunMode Mode, string Actor, bool DryRun = false, bool UseSampleInbox = false);

public enum ExchangeRunStatus
{
    /// <summary>Everything that could be sent was sent and answered (quarantined and rejected records are officers' work, not a failure).</summary>
    Completed,

    /// <summary>The platform was unreachable or answered with transient errors: records remain pending for the next run.</summary>
    PendingRemain,

    /// <summary>The platform client's circuit breaker is open: the run ended early and cleanly.</summary>
    CircuitOpen,

    /// <summary>The platform refused a batch as a whole (MALFORMED, BATCH_CONFLICT, credentials): needs a person.</summary>
    Refused,

    /// <summary>Another exchange run holds the lock.</summary>
    LockBusy,
}

/// <summary>Counts of one run for one catalogue (the columns of the CLI summary).</summary>
public sealed class CatalogSummary
{
    public long Read { get; set; }
    public long Valid { get; set; }
    public long Quarantined { get; set; }
    public long Unchanged { get; set; }
    public long Sent { get; set; }
    public long Accepted { get; set; }
    public long Rejected { get; set; }

    /// <summary>Records still pending or in an unanswered batch after the run (in a dry run: what would be sent).</summary>
    public long Pending { get; set; }

    public long Feedback { get; set; }
    public int Batches { get; set; }
}

public sealed record PhaseTiming(string Name, TimeSpan Elapsed, TimeSpan Cpu);

public sealed class ExchangeSummary
{
    public ExchangeRunStatus Status { get; set; } = ExchangeRunStatus.Completed;
    public bool DryRun { get; init; }
    public SortedDictionary<string, CatalogSummary> Catalogs { get; } = new(StringComparer.Ordinal);
    public List<FileImportResult> Files { get; } = [];

    /// <summary>Chinese lines for operators: rejected files, platform problems.</summary>
    public List<string> Messages { get; } = [];

    /// <summary>How long each phase took (wall clock) and the hub process's CPU time in it, in the order run.</summary>
    public List<PhaseTiming> Phases { get; } = [];

    public string PhasesLine() =>
        "耗时：" + string.Join("；", Phases.Select(p => $"{p.Name} {p.Elapsed.TotalSeconds:0.0} 秒（本进程 CPU {p.Cpu.TotalSeconds:0.0} 秒）"));

    public CatalogSummary For(string catalog)
    {
        if (!Catalogs.TryGetValue(catalog, out var s))
        {
            Catalogs[catalog] = s = new CatalogSummary();
        }

        return s;
    }

    public string OneLine()
    {
        var t = Catalogs.Values;
        var status = Status switch
        {
            ExchangeRunStatus.Completed => "完成",
            ExchangeRunStatus.PendingRemain => "完成，但平台暂不可用，部分记录待重试",
            ExchangeRunStatus.CircuitOpen => "平台连续失败（熔断），已提前结束",
            ExchangeRunStatus.Refused => "平台拒绝批次，需要人工处理",
            _ => "另一次交换正在运行，本次未执行",
        };
        if (DryRun)
        {
            // Nothing was sent: what a dry run can say is what the real run would send.
            return $"演练：{status}。读取 {t.Sum(c => c.Read)}，有效 {t.Sum(c => c.Valid)}，隔离 {t.Sum(c => c.Quarantined)}，" +
                   $"未变化 {t.Sum(c => c.Unchanged)}，将发送 {t.Sum(c => c.Pending)}（未发送，未改变任何状态）。";
        }

        return $"{status}。读取 {t.Sum(c => c.Read)}，有效 {t.Sum(c => c.Valid)}，隔离 {t.Sum(c => c.Quarantined)}，" +
               $"未变化 {t.Sum(c => c.Unchanged)}，已发送 {t.Sum(c => c.Sent)}，已接收 {t.Sum(c => c.Accepted)}，已拒绝 {t.Sum(c => c.Rejected)}，待重试 {t.Sum(c => c.Pending)}。";
    }

    public Dictionary<string, long> Counts()
    {
        var t = Catalogs.Values;
        return new Dictionary<string, long>
        {
            ["read"] = t.Sum(c => c.Read), ["valid"] = t.Sum(c => c.Valid), ["quarantined"] = t.Sum(c => c.Quarantined),
            ["unchanged"] = t.Sum(c => c.Unchanged), ["sent"] = t.Sum(c => c.Sent), ["accepted"] = t.Sum(c => c.Accepted),
            ["rejected"] = t.Sum(c => c.Rejected), ["pending"] = t.Sum(c => c.Pending), ["feedback"] = t.Sum(c => c.Feedback),
        };
    }
}
