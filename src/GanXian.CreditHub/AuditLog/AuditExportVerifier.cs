using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace GanXian.CreditHub.AuditLog;

/// <summary>
/// Verifies an export offline: no database, only the file and (ideally) the public key obtained out of band. Every
/// full entry is re-hashed from its fields, stubs from their digest, the chain is followed from the anchor to the end,
/// and every hash a signed checkpoint names must match.
/// </summary>
public static class AuditExportVerifier
{
    /// <param name="trustedPublicKeyPem">The key the auditor holds; when null the key embedded in the export is used and a note says so.</param>
    public static async Task<VerifyReport> VerifyAsync(Stream input, string? trustedPublicKeyPem, CancellationToken ct)
    {
        var report = new VerifyReport("导出文件");
        using var reader = new StreamReader(input);
        var headerText = await reader.ReadLineAsync(ct);
        if (headerText is null || Parse(headerText) is not { } header || Str(header, "type") != "header" || Str(header, "format") != AuditExporter.Format)
        {
            report.Problems.Add(new VerifyProblem(0, $"不是审计日志导出文件（首行应为 {AuditExporter.Format} 的文件头）"));
            return report;
        }

        var fromSeq = header.GetProperty("fromSeq").GetInt64();
        var toSeq = header.GetProperty("toSeq").GetInt64();
        using var key = PublicKey(header, trustedPublicKeyPem, report);
        var chain = Str(header, "chain");

        // The checkpoints come right after the header, so they are known before the walk starts.
        var evidence = new List<CheckpointEvidence>();
        var pending = new List<(int Line, JsonElement Value)>();
        var lineNo = 1;
        string? text;
        while ((text = await reader.ReadLineAsync(ct)) is not null)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (Parse(text) is not { } value)
            {
                report.Problems.Add(new VerifyProblem(0, $"第 {lineNo} 行不是有效的 JSON"));
                continue;
            }

            if (Str(value, "type") != "checkpoint")
            {
                pending.Add((lineNo, value));
                break;
            }

            var line = value.Deserialize<CheckpointLine>();
            if (line is null || line.Chain != chain)
            {
                report.Problems.Add(new VerifyProblem(0, $"第 {lineNo} 行的检查点不属于本导出的链"));
            }
            else if (AuditVerifier.Accept(line, key, "导出文件", report))
            {
                evidence.Add(new CheckpointEvidence(line.Seq, Convert.FromHexString(line.HeadHash), line.CreatedAt, "导出文件"));
            }
        }

        byte[]? anchor = fromSeq == 1 ? AuditEncoding.Genesis : Hex(Str(header, "anchorHash"));
        if (fromSeq > 1 && !evidence.Any(c => c.Seq == fromSeq - 1 && anchor is not null && c.HeadHash.AsSpan().SequenceEqual(anchor)))
        {
            report.Problems.Add(new VerifyProblem(fromSeq, $"导出起点（第 {fromSeq} 号之前）没有签名检查点作锚，无法证明之前的链未被改写"));
        }

        var checker = new ChainChecker(report, fromSeq, anchor, evidence);
        var entry = new AuditEntry { Chain = ChainNames.Parse(chain) ?? LogChain.Exchange };
        var digest = new byte[AuditEncoding.HashSize];
        foreach (var (n, value) in pending)
        {
            Walk(n, value);
        }

        while ((text = await reader.ReadLineAsync(ct)) is not null)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (Parse(text) is { } value)
            {
                Walk(lineNo, value);
            }
            else
            {
                report.Problems.Add(new VerifyProblem(0, $"第 {lineNo} 行不是有效的 JSON"));
            }
        }

        checker.Finish(toSeq);
        if ((checker.LastSeq ?? fromSeq - 1) < toSeq)
        {
            report.Problems.Add(new VerifyProblem((checker.LastSeq ?? fromSeq - 1) + 1, $"导出文件不完整：文件头声明到第 {toSeq} 号，内容只到第 {checker.LastSeq ?? fromSeq - 1} 号"));
        }

        // Unsigned entries at the end are a finding of their own, unless a checkpoint beyond them already shows a cut.
        if (checker.LastSeq is { } last && (report.LastSignedSeq ?? 0) < last && !evidence.Any(c => c.Seq > last))
        {
            report.Problems.Add(new VerifyProblem((report.LastSignedSeq ?? fromSeq - 1) + 1,
                $"第 {(report.LastSignedSeq ?? fromSeq - 1) + 1}–{last} 号条目没有签名检查点覆盖，无法离线证明其未被改写"));
        }

        return report;

        void Walk(int n, JsonElement value)
        {
            try
            {
                switch (Str(value, "type"))
                {
                    case "entry":
                        Fill(entry, value);
                        AuditEncoding.ContentDigest(entry, digest);
                        checker.Entry(entry.Seq, entry.PrevHash, digest, entry.Hash);
                        break;
                    case "stub":
                        checker.Entry(value.GetProperty("seq").GetInt64(), null, Hex(Str(value, "digest")) ?? [], Hex(Str(value, "hash")) ?? []);
                        break;
                    default:
                        report.Problems.Add(new VerifyProblem(0, $"第 {n} 行的类型无法识别"));
                        break;
                }
            }
            catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
            {
                report.Problems.Add(new VerifyProblem(0, $"第 {n} 行格式错误：{ex.Message}"));
            }
        }
    }

    private static ECDsa? PublicKey(JsonElement header, string? trustedPem, VerifyReport report)
    {
        var embedded = Str(header, "publicKey");
        var stated = Str(header, "keyFingerprint");
        try
        {
            if (trustedPem is not null)
            {
                var trusted = AuditSigningKey.ImportPublicKey(trustedPem);
                var fingerprint = AuditSigningKey.Fingerprint(trusted);
                if (stated is not null && stated != fingerprint)
                {
                    report.Notes.Add($"导出文件声明的公钥指纹 {stated} 与所给公钥 {fingerprint} 不同：以所给公钥为准");
                }

                return trusted;
            }

            if (embedded is null)
            {
                report.Problems.Add(new VerifyProblem(0, "导出文件中没有公钥，请用 --public-key 指定"));
                return null;
            }

            var key = AuditSigningKey.ImportPublicKey(embedded);
            report.Notes.Add($"使用导出文件自带的公钥（指纹 {AuditSigningKey.Fingerprint(key)}）：请与本局公布的公钥指纹核对，或用 --public-key 指定");
            return key;
        }
        catch (AuditKeyFormatException ex)
        {
            report.Problems.Add(new VerifyProblem(0, $"{(trustedPem is null ? "导出文件自带的公钥" : "所给公钥")}无法读取：{ex.Message}"));
            return null;
        }
    }

    private static void Fill(AuditEntry e, JsonElement v)
    {
        e.Seq = v.GetProperty("seq").GetInt64();
        e.OccurredAt = DateTimeOffset.Parse(Str(v, "occurredAt") ?? throw new FormatException("occurredAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        e.Kind = Str(v, "kind") ?? "";
        e.Actor = Str(v, "actor") ?? "";
        e.Catalog = Str(v, "catalog");
        e.RecordId = Str(v, "recordId");
        e.BatchId = Str(v, "batchId");
        e.EntityKey = Str(v, "entityKey");
        e.State = Str(v, "state");
        e.PayloadHash = Str(v, "payloadHash");
        e.Detail = Str(v, "detail");
        e.PrevHash = Hex(Str(v, "prevHash")) ?? [];
        e.Hash = Hex(Str(v, "hash")) ?? [];
    }

    private static JsonElement? Parse(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    private static byte[]? Hex(string? s) => s is null ? null : Convert.FromHexString(s);
}
