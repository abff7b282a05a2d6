namespace GanXian.CreditHub.AuditLog;

/// <summary>
/// The Chinese names of the log's entry kinds and states, for the auditors' page: the codes stay what is stored and
/// searched (<c>record.accepted</c>), the page offers and shows them with their names. A test checks that every kind the
/// code writes has one.
/// </summary>
public static class AuditKinds
{
    public static readonly IReadOnlyDictionary<string, string> Exchange = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["file.imported"] = "文件已导入",
        ["file.rejected"] = "文件已拒收",
        ["record.collected"] = "记录已归集",
        ["record.quarantined"] = "记录已隔离",
        ["record.corrected"] = "记录已更正",
        ["record.accepted"] = "平台已接收",
        ["record.rejected"] = "平台已拒收",
        ["record.withdraw-not-found"] = "撤回完成（平台没有此记录）",
        ["record.content-mismatch"] = "平台回执内容摘要不符",
        ["record.expired"] = "公示期满待撤回",
        ["record.expired-unsent"] = "公示期满，未发送",
        ["record.withdraw-requested"] = "信用管理员撤回公示",
        ["record.feedback"] = "平台反馈问题数据",
        ["batch.stored"] = "批次已保存待发送",
        ["batch.receipted"] = "批次已收到回执",
        ["batch.failed"] = "批次被整批拒绝",
        ["quarantine.dismissed"] = "隔离记录已忽略",
        ["reconcile.difference"] = "对账差异",
        ["reconcile.report"] = "对账报告",
    };

    public static readonly IReadOnlyDictionary<string, string> Operation = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["user.login"] = "登录",
        ["user.login-failed"] = "登录失败",
        ["user.locked-out"] = "账号被锁定",
        ["user.logout"] = "退出登录",
        ["user.created"] = "创建账号",
        ["user.roles-changed"] = "变更角色",
        ["user.password-reset"] = "重置密码",
        ["user.password-changed"] = "修改密码",
        ["user.password-change-failed"] = "修改密码失败（当前密码错误）",
        ["user.disabled"] = "停用账号",
        ["user.enabled"] = "启用账号",
        ["apikey.created"] = "创建 API 密钥",
        ["apikey.revoked"] = "吊销 API 密钥",
        ["job.run"] = "手动运行定时任务",
        ["file.uploaded"] = "上传文件",
        ["audit.search"] = "查询审计日志",
        ["audit.verify"] = "校验审计日志",
        ["audit.export"] = "导出审计日志",
    };

    public static readonly IReadOnlyDictionary<string, string> States = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["pending"] = "待发送",
        ["sending"] = "发送中",
        ["accepted"] = "已接收",
        ["rejected"] = "已拒收",
        ["withdrawn"] = "已撤回",
        ["quarantined"] = "已隔离",
        ["dismissed"] = "已忽略",
        ["archived"] = "已归档",
        ["stored"] = "已保存",
        ["receipted"] = "已回执",
        ["failed"] = "失败",
        ["running"] = "运行中",
        ["skipped"] = "跳过",
        ["completed"] = "已完成",
        ["disabled"] = "已停用",
        ["locked-out"] = "已锁定",
    };

    /// <summary>The code for a kind given by its Chinese name, or the text as given.</summary>
    public static string? KindCode(string? text) =>
        text is null ? null
        : Exchange.Concat(Operation).FirstOrDefault(p => p.Value == text) is { Key: { } code } ? code : text;

    /// <summary>The code for a state given by its Chinese name, or the text as given.</summary>
    public static string? StateCode(string? text) =>
        text is null ? null : States.FirstOrDefault(p => p.Value == text) is { Key: { } code } ? code : text;

    public static IReadOnlyDictionary<string, string> Of(LogChain chain) => chain == LogChain.Operation ? Operation : Exchange;

    /// <summary>The kind's Chinese name, or the code itself for one this list does not know.</summary>
    public static string Label(string kind) =>
        Exchange.TryGetValue(kind, out var name) || Operation.TryGetValue(kind, out name) ? name : kind;

    public static string StateLabel(string? state) => state is null ? "—" : States.GetValueOrDefault(state, state);
}
