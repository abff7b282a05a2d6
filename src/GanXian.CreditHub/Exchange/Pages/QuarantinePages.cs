namespace GanXian.CreditHub.Exchange.Pages;

/// <summary>Routes and Chinese names shared by the quarantine pages.</summary>
public static class QuarantinePages
{
    public const string ListPath = "/exchange/quarantine";

    public static string ItemPath(long id) => $"{ListPath}/{id}";

    public static string StatusName(string status) => status switch
    {
        QuarantineStatuses.Open => "待处理",
        QuarantineStatuses.Corrected => "已更正",
        QuarantineStatuses.Dismissed => "已忽略",
        QuarantineStatuses.Cleared => "已由重新导入消除",
        QuarantineStatuses.Superseded => "已被新的隔离记录取代",
        _ => status,
    };

    /// <summary>
    /// The kind of a quarantine item as an officer reads it. A platform item whose rule is
    /// <see cref="ReceiptApplier.ContentHashMismatch"/> was accepted, not refused: the platform holds other content than
    /// the hub sent, even after a resend. Called 平台拒收 it sent the officer looking for a refusal reason that the
    /// platform never gave.
    /// </summary>
    public static string KindName(string kind, string? rule = null) => kind switch
    {
        QuarantineKinds.Validation => "校验未通过",
        QuarantineKinds.Duplicate => "文件内重复",
        QuarantineKinds.Platform when rule == ReceiptApplier.ContentHashMismatch => "回执摘要不符",
        QuarantineKinds.Platform => "平台拒收",
        QuarantineKinds.Feedback => "平台问题反馈",
        _ => kind,
    };

    public static string RecordStateName(string? state) => state switch
    {
        null => "尚无记录",
        RecordStates.Pending => "待发送",
        RecordStates.Sending => "发送中",
        RecordStates.Accepted => "平台已接收",
        RecordStates.Rejected => "平台已拒收",
        RecordStates.Withdrawn => "已撤回",
        _ => state,
    };
}
