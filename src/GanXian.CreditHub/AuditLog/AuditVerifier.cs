using System.Data.Common;
using System.Security.Cryptography;
using GanXian.CreditHub.Data;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.AuditLog;

/// <summary>
/// Recomputes a chain from the database, streaming the rows (a million entries need a few megabytes, not the whole
/// table), and holds it against every signed checkpoint in the database and in the checkpoints file.
/// </summary>
public sealed class AuditVerifier(CreditHubDbContext db, CheckpointFile file)
{
    /// <param name="publicKey">The key the checkpoints must be signed with; null when none is available (then only the chain is checked).</param>
    public async Task<VerifyReport> VerifyAsync(LogChain chain, long? from, long? to, ECDsa? publicKey, CancellationToken ct)
    {
        var report = new VerifyReport(ChainNames.Chinese(chain));
        var evidence = await CheckpointEvidenceAsync(chain, publicKey, report, ct);

        var start = Math.Max(1, from ?? 1);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var conn = db.Database.GetDbConnection();
            byte[]? prev = start == 1 ? AuditEncoding.Genesis : await HashAtAsync(conn, chain, start - 1, ct);
            if (prev is null)
            {
                report.Notes.Add($"第 {start - 1} 号条目不存在，无法核对第 {start} 号条目的前序哈希");
            }

            var checker = new ChainChecker(report, start, prev, evidence.Where(c => c.Seq >= start));
            var digest = new byte[AuditEncoding.HashSize];
            await foreach (var entry in AuditEntryReader.ReadAsync(conn, chain, start, to, ct))
            {
                AuditEncoding.ContentDigest(entry, digest);
                checker.Entry(entry.Seq, entry.PrevHash, digest, entry.Hash);
            }

            checker.Finish(to);
            if (to is null)
            {
                await CompareHeadAsync(conn, chain, checker, start, ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return report;
    }

    /// <summary>The public key from a PEM file the operator names, else from the hub's own signing key; null when neither exists.</summary>
    public static ECDsa? LocalPublicKey(AuditSigningKey key, string? publicKeyPath = null)
    {
        if (publicKeyPath is not null)
        {
            try
            {
                return AuditSigningKey.ImportPublicKey(File.ReadAllText(publicKeyPath));
            }
            catch (AuditKeyFormatException ex)
            {
                throw new AuditKeyFormatException($"公钥文件 {publicKeyPath} {ex.Message}", ex);
            }
        }

        return key.Exists ? AuditSigningKey.ImportPublicKey(key.PublicKeyPem) : null;
    }

    private async Task<List<CheckpointEvidence>> CheckpointEvidenceAsync(LogChain chain, ECDsa? publicKey, VerifyReport report, CancellationToken ct)
    {
        var evidence = new List<CheckpointEvidence>();
        var stored = await db.Set<AuditCheckpoint>().AsNoTracking().Where(c => c.Chain == chain).OrderBy(c => c.Seq).ToListAsync(ct);
        var inDatabase = new HashSet<string>();
        foreach (var c in stored)
        {
            var line = CheckpointLine.From(c);
            inDatabase.Add(line.Signature);
            if (Accept(line, publicKey, "数据库", report))
            {
                evidence.Add(new CheckpointEvidence(c.Seq, c.HeadHash, line.CreatedAt, "数据库"));
            }
        }

        var name = ChainNames.Name(chain);
        var inFile = 0;
        foreach (var (n, line, error) in file.ReadAll())
        {
            if (line is null)
            {
                report.Problems.Add(new VerifyProblem(0, $"检查点文件 {file.Path} 第 {n} 行无法解析：{error}"));
                continue;
            }

            if (line.Chain != name)
            {
                continue;
            }

            inFile++;
            if (!Accept(line, publicKey, "检查点文件", report))
            {
                continue;
            }

            evidence.Add(new CheckpointEvidence(line.Seq, Convert.FromHexString(line.HeadHash), line.CreatedAt, "检查点文件"));
            if (!inDatabase.Contains(line.Signature))
            {
                report.Problems.Add(new VerifyProblem(line.Seq, $"检查点文件中 {line.CreatedAt} 签名的第 {line.Seq} 号检查点在数据库中不存在（数据库中的检查点被删除）"));
            }
        }

        if (!File.Exists(file.Path))
        {
            report.Notes.Add($"检查点文件 {file.Path} 不存在（配置项 {AuditLogOptions.Section}:CheckpointsPath），只能核对数据库中的检查点");
        }
        else if (inFile < stored.Count)
        {
            report.Notes.Add($"数据库中有 {stored.Count - inFile} 个检查点未出现在本机检查点文件中（可能由其他节点写入）");
        }

        if (publicKey is null && (stored.Count > 0 || inFile > 0))
        {
            report.Problems.Add(new VerifyProblem(0, $"没有公钥，无法核对检查点签名（请用 --public-key 指定，或配置 {AuditLogOptions.Section}:SigningKeyPath）"));
        }

        return evidence;
    }

    /// <summary>Checks a checkpoint's signature; a forged or damaged one is a problem and never counts as evidence.</summary>
    internal static bool Accept(CheckpointLine line, ECDsa? publicKey, string source, VerifyReport report)
    {
        if (publicKey is null)
        {
            return false;
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(line.Signature);
            _ = Convert.FromHexString(line.HeadHash);
        }
        catch (FormatException)
        {
            report.Problems.Add(new VerifyProblem(line.Seq, $"{source}中第 {line.Seq} 号检查点格式错误"));
            return false;
        }

        if (!AuditSigningKey.Verify(publicKey, line.Statement(), signature))
        {
            report.Problems.Add(new VerifyProblem(line.Seq, $"{source}中 {line.CreatedAt} 的第 {line.Seq} 号检查点签名无效（检查点被篡改，或不是用此公钥签署）"));
            return false;
        }

        return true;
    }

    /// <summary>
    /// Why a range cannot be verified, in Chinese, or null: <paramref name="from"/> after <paramref name="to"/>, or
    /// after the end of the chain. The end is the furthest any evidence reaches (the last entry, the head row, a
    /// checkpoint in the database or in the file), so that a range whose entries were deleted is still verified and
    /// reported as truncated rather than refused as empty.
    /// </summary>
    public async Task<string?> RangeErrorAsync(LogChain chain, long? from, long? to, CancellationToken ct)
    {
        if (from is { } f && to is { } t && f > t)
        {
            return $"起始序号 {f} 大于结束序号 {t}";
        }

        if (from is not (> 1 and var first))
        {
            return null;
        }

        await db.Database.OpenConnectionAsync(ct);
        long end;
        try
        {
            var conn = db.Database.GetDbConnection();
            end = Math.Max(await ScalarAsync(conn, chain, "SELECT MAX(seq) FROM audit_entries WHERE chain = @chain", ct) ?? 0,
                await ScalarAsync(conn, chain, "SELECT last_seq FROM audit_chain_heads WHERE chain = @chain", ct) ?? 0);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        end = Math.Max(end, await db.Set<AuditCheckpoint>().Where(c => c.Chain == chain).MaxAsync(c => (long?)c.Seq, ct) ?? 0);
        var name = ChainNames.Name(chain);
        end = file.ReadAll().Where(l => l.Checkpoint?.Chain == name).Select(l => l.Checkpoint!.Seq).Append(end).Max();
        return first > end ? $"起始序号 {first} 超出{ChainNames.Chinese(chain)}的末尾（最后一条为第 {end} 号），没有可核对的条目" : null;
    }

    private static async Task CompareHeadAsync(DbConnection conn, LogChain chain, ChainChecker checker, long start, CancellationToken ct)
    {
        if (await ScalarAsync(conn, chain, "SELECT last_seq FROM audit_chain_heads WHERE chain = @chain", ct) is not { } head)
        {
            return;
        }

        // Nothing read from start on: the head only tells whether entries from there should exist (it used to be
        // compared with 0, so a range past the end read as a truncated log).
        if (checker.LastSeq is not { } last)
        {
            if (head >= start)
            {
                checker.Problem(start, $"日志尾部被截断：链头记录到第 {head} 号，日志中却没有第 {start} 号及之后的条目");
            }

            return;
        }

        if (head > last)
        {
            checker.Problem(last + 1, $"日志尾部被截断：链头记录到第 {head} 号，日志只到第 {last} 号");
        }
        else if (head < last)
        {
            checker.Problem(head + 1, $"链头只到第 {head} 号，之后却有条目到第 {last} 号（条目未经本系统写入）");
        }
    }

    private static async Task<long?> ScalarAsync(DbConnection conn, LogChain chain, string sql, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        AuditLogWriter.Add(cmd, "chain", (short)chain);
        return await cmd.ExecuteScalarAsync(ct) is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private static async Task<byte[]?> HashAtAsync(DbConnection conn, LogChain chain, long seq, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT hash FROM audit_entries WHERE chain = @chain AND seq = @seq";
        AuditLogWriter.Add(cmd, "chain", (short)chain);
        AuditLogWriter.Add(cmd, "seq", seq);
        return await cmd.ExecuteScalarAsync(ct) as byte[];
    }
}
