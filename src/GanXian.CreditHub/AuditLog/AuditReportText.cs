using System.Text;

namespace GanXian.CreditHub.AuditLog;

/// <summary>How verification results and filters read for operators (zh-CN).</summary>
public static class AuditReportText
{
    public static string Summary(VerifyReport r)
    {
        var range = r.Checked == 0 ? "没有条目" : $"第 {r.FirstSeq}–{r.LastSeq} 号共 {r.Checked} 条";
        var signed = r.LastSignedSeq is { } s ? $"，已签名至第 {s} 号" : "";
        return r.Ok
            ? $"{r.Subject}：已校验{range}，核对检查点 {r.CheckpointsChecked} 个{signed}。结果：完整，未发现篡改。"
            : $"{r.Subject}：已校验{range}，核对检查点 {r.CheckpointsChecked} 个{signed}。结果：发现 {r.Problems.Count} 处异常，"
              + $"首个异常在第 {r.FirstProblem!.Seq} 号：{r.FirstProblem.Reason}";
    }

    public static string Full(VerifyReport r, int maxProblems = 20)
    {
        var text = new StringBuilder(Summary(r)).AppendLine();
        foreach (var p in r.Problems.OrderBy(p => p.Seq).Take(maxProblems))
        {
            text.Append("  异常 第 ").Append(p.Seq).Append(" 号：").AppendLine(p.Reason);
        }

        if (r.Problems.Count > maxProblems)
        {
            text.Append("  …另有 ").Append(r.Problems.Count - maxProblems).AppendLine(" 处异常");
        }

        foreach (var n in r.Notes)
        {
            text.Append("  说明：").AppendLine(n);
        }

        return text.ToString();
    }
}
