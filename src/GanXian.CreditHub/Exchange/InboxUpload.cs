using System.Security.Cryptography;
using System.Text;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Collect;
using GanXian.CreditHub.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Exchange;

public enum UploadOutcome
{
    /// <summary>In the source's inbox, waiting for the next exchange (or the one started right after).</summary>
    Stored,

    /// <summary>The hub has processed this very content from this source before: nothing stored.</summary>
    AlreadyProcessed,

    /// <summary>This very content waits in the source's inbox, or another upload is putting it there now: nothing stored.</summary>
    AlreadyWaiting,

    /// <summary>Refused before anything was stored (name, type, size, unknown source).</summary>
    Invalid,

    TooLarge,
}

/// <summary>What became of an upload; <see cref="Message"/> is the Chinese line an officer reads.</summary>
public sealed record UploadResult(UploadOutcome Outcome, string Message, string? Source = null, string? FileName = null, long Size = 0, string? Sha256 = null,
    string? Catalog = null);

/// <summary>
/// Puts a file an officer uploads into a source's inbox, exactly as if the source system had dropped it there, so
/// that the import that reads it is the one the nightly exchange runs (same checks, same archive and rejected
/// folders). The bytes go to a hidden part file first and are renamed into the inbox only when complete, so a run
/// never reads half an upload; content the hub has already processed from that source, or that already waits in its
/// inbox, is refused at once instead of being archived unread later. The upload is an officer's action and goes into
/// the operation log.
/// </summary>
public sealed class InboxUpload(CollectSources sources, IHostEnvironment environment, IOptions<ExchangeOptions> options,
    CreditHubDbContext db, IAuditLog audit, ExchangeRunner runner, IDistributedLock locks, TimeProvider clock, ILogger<InboxUpload> log)
{
    public const int MaxNameLength = 120;

    /// <summary>How a stored upload's message ends: read by the next run, unless the upload runs the exchange now.</summary>
    private const string ReadNextRun = "，下次交换时读取";

    /// <summary>
    /// The file systems' limit is 255 bytes of UTF-8 per name, and a Chinese character takes 3: 100 of them passed the
    /// character limit and failed the upload with a 500, and 80 were stored but could never leave the inbox (the
    /// rejected folder's note, name + ".错误说明.txt", did not fit), so every run read and refused the file again. This
    /// leaves room for that note and for the "（2）" or ".2" of a name already taken.
    /// </summary>
    public const int MaxNameBytes = 200;

    /// <summary>The file types the readers take (a CSV export saved as .txt or .tsv included).</summary>
    public static readonly IReadOnlyList<string> Extensions = [".csv", ".txt", ".tsv", ".xlsx", ".xls"];

    public long MaxBytes => options.Value.MaxUploadBytes;

    /// <summary>The configured source with its folders made absolute, as the exchange reads them.</summary>
    public SourceDefinition? Source(string name) => sources.Find(name) is { } s ? SourceFolders.Resolve(s, environment.ContentRootPath) : null;

    public async Task<UploadResult> SaveAsync(string sourceName, string? fileName, Stream content, string actor, CancellationToken ct)
    {
        if (Source(sourceName) is not { } source)
        {
            return new(UploadOutcome.Invalid, $"未知的数据来源“{sourceName}”（可用：{string.Join("、", sources.All.Select(s => s.Name))}）");
        }

        if (NameError(fileName, out var name) is { } nameError)
        {
            return new(UploadOutcome.Invalid, nameError, source.Name);
        }

        Directory.CreateDirectory(source.Inbox);
        RemoveAbandonedParts(source.Inbox);
        // Hidden (a leading dot), so no exchange run takes it for an export while it is being written.
        var part = Path.Combine(source.Inbox, $".upload-{Guid.NewGuid():N}.part");
        try
        {
            var (size, hash) = await CopyAsync(content, part, ct);
            if (size < 0)
            {
                return new(UploadOutcome.TooLarge, $"文件 {name} 超过上传上限 {Megabytes(MaxBytes)}：请拆分后上传，或由管理员放入收件目录", source.Name, name);
            }

            if (size == 0)
            {
                return new(UploadOutcome.Invalid, $"文件 {name} 是空文件", source.Name, name);
            }

            // Two uploads of the same content at once would each find it neither waiting nor processed and both move
            // it in: one holder per content (on every node, as the inbox is shared), and the other is refused.
            await using var claim = await locks.TryAcquireAsync($"upload:{source.Name}:{hash}", ct);
            if (claim is null)
            {
                return new(UploadOutcome.AlreadyWaiting, $"文件 {name} 的内容与另一次正在进行的上传完全相同，未再次放入收件目录", source.Name, name, size, hash);
            }

            // The inbox before the database: the exchange records a file's content before it moves the file away.
            if (await InboxDuplicates.WaitingAsync(source.Inbox, size, hash, ct) is { } waiting)
            {
                return new(UploadOutcome.AlreadyWaiting, $"文件 {name} 的内容与收件目录中等待处理的文件 {waiting} 完全相同，未再次放入收件目录", source.Name, name, size, hash);
            }

            if (await KnownAsync(source, name, size, hash, ct) is { } known)
            {
                return known;
            }

            var stored = MoveIntoInbox(part, source.Inbox, name);
            try
            {
                await LogAsync(source, stored, size, hash, actor, ct);
            }
            catch
            {
                // Unlogged, it must not be imported either: the log is the record of who put it there.
                File.Delete(Path.Combine(source.Inbox, stored));
                throw;
            }

            log.LogInformation("{Actor} uploaded {File} ({Size} bytes) into the inbox of {Source}", actor, stored, size, source.Name);
            var renamed = stored == name ? "" : $"（收件目录中已有同名文件，保存为 {stored}）";
            return new(UploadOutcome.Stored, $"文件 {stored} 已放入数据来源 {source.Name} 的收件目录{renamed}{ReadNextRun}", source.Name, stored, size, hash, source.Catalog);
        }
        finally
        {
            File.Delete(part);
        }
    }

    private async Task<UploadResult?> KnownAsync(SourceDefinition source, string name, long size, string hash, CancellationToken ct)
    {
        var known = await db.Set<ImportedFile>().AsNoTracking().Where(f => f.Source == source.Name && f.ContentHash == hash).FirstOrDefaultAsync(ct);
        if (known is null)
        {
            return null;
        }

        var outcome = known.Outcome == FileOutcomes.Rejected ? $"已拒收：{known.Message}" : "已导入";
        return new(UploadOutcome.AlreadyProcessed,
            $"文件 {name} 的内容与 {Identity.HubClaims.LocalTime(known.ImportedAt)} 处理的文件 {FileImporter.FileOfPart(known.FileName)} 完全相同（{outcome}），未再次放入收件目录",
            source.Name, name, size, hash);
    }

    /// <summary>
    /// Runs the exchange now, as the nightly job would (every inbox, then the push and the feedback), and says what
    /// became of the uploaded file, after the upload's own line. Under the exchange's lock: when another run holds it,
    /// the file simply waits.
    /// </summary>
    public async Task<(string Message, ExchangeSummary Summary)> ImportNowAsync(UploadResult stored, string actor, CancellationToken ct)
    {
        var summary = await runner.RunAsync(new ExchangeRunRequest(ExchangeRunMode.Full, actor), null, ct);
        // The file is read now (or the line says why not): "下次交换时读取" before "已导入" contradicted it.
        var placed = stored.Message.EndsWith(ReadNextRun, StringComparison.Ordinal) ? stored.Message[..^ReadNextRun.Length] : stored.Message;
        if (summary.Status == ExchangeRunStatus.LockBusy)
        {
            return ($"{placed}。另一次交换正在运行，文件留在收件目录，将由下一次交换读取", summary);
        }

        var file = summary.Files.LastOrDefault(f => f.FileName == stored.FileName && f.Catalog == stored.Catalog);
        var line = file is null ? $"本次交换未读取文件 {stored.FileName}。" : file.Outcome switch
        {
            FileImportOutcome.Imported => $"文件 {file.FileName} 已导入：{file.CountsLine()}。",
            FileImportOutcome.Rejected => $"文件 {file.FileName} 已拒收：{file.Message?.TrimEnd('。')}。",
            FileImportOutcome.AlreadyImported => $"文件 {file.FileName} 的内容此前已处理，未重复处理。",
            _ => $"文件 {file.FileName} 留待下次处理：{file.Message}",
        };
        return ($"{placed}。{line}本次交换：{summary.OneLine()}", summary);
    }

    /// <summary>
    /// The name to store the file under, or a Chinese reason it cannot be: the browser's or client's name without any
    /// folder, with characters Windows or the shell would trip over replaced, of a type the readers take, and not one
    /// the inbox ignores (hidden, Office lock files, partial downloads, the hub's own notes).
    /// </summary>
    public static string? NameError(string? fileName, out string name)
    {
        var raw = (fileName ?? "").Replace('\\', '/');
        name = new string(raw[(raw.LastIndexOf('/') + 1)..].Trim()
            .Select(c => char.IsControl(c) || "<>:\"|?*".Contains(c) ? '_' : c).ToArray());
        if (name.Length == 0)
        {
            return "缺少文件名";
        }

        if (name.Length > MaxNameLength)
        {
            return $"文件名过长（{name.Length} 个字符，最多 {MaxNameLength} 个）";
        }

        if (Encoding.UTF8.GetByteCount(name) is var bytes and > MaxNameBytes)
        {
            return $"文件名过长（{bytes} 字节，最多 {MaxNameBytes} 字节；一个汉字占 3 字节，即最多约 {MaxNameBytes / 3} 个汉字），请改短后上传";
        }

        if (!Extensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase))
        {
            return $"文件 {name} 的类型不能读取：只能上传 {string.Join("、", Extensions)} 文件";
        }

        return TabularFiles.IsInboxCandidate(name) ? null : $"文件名 {name} 会被收件目录忽略（隐藏文件、Office 临时文件或本系统的说明文件），请改名后上传";
    }

    /// <summary>Part files a crashed upload left behind (hidden, so never read): gone after a day.</summary>
    private void RemoveAbandonedParts(string inbox)
    {
        foreach (var part in new DirectoryInfo(inbox).EnumerateFiles(".upload-*.part").Where(f => f.LastWriteTimeUtc < clock.GetUtcNow().UtcDateTime.AddDays(-1)))
        {
            try
            {
                part.Delete();
            }
            catch (IOException ex)
            {
                log.LogWarning("无法删除中断上传留下的临时文件 {Part}：{Reason}", part.Name, ex.Message);
            }
        }
    }

    private async Task<(long Size, string Hash)> CopyAsync(Stream content, string part, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var file = new FileStream(part, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        long size = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            size += read;
            if (size > MaxBytes)
            {
                return (-1, "");
            }

            sha.AppendData(buffer, 0, read);
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
        }

        await file.FlushAsync(ct);
        file.Flush(flushToDisk: true);
        return (size, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    /// <summary>Renames the complete part file into the inbox, as "名称（2）.csv" … when the name is taken; returns the name used.</summary>
    private static string MoveIntoInbox(string part, string inbox, string name)
    {
        var (stem, ext) = (Path.GetFileNameWithoutExtension(name), Path.GetExtension(name));
        for (var n = 1; ; n++)
        {
            var candidate = n == 1 ? name : $"{stem}（{n}）{ext}";
            try
            {
                File.Move(part, Path.Combine(inbox, candidate), overwrite: false);
                return candidate;
            }
            catch (IOException) when (n < 100 && File.Exists(Path.Combine(inbox, candidate)))
            {
                // taken: try the next number
            }
        }
    }

    private async Task LogAsync(SourceDefinition source, string stored, long size, string hash, string actor, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await audit.AppendAsync(db,
        [
            new LogEvent
            {
                Chain = LogChain.Operation, Kind = "file.uploaded", Actor = actor, Catalog = source.Catalog, State = "stored", PayloadHash = hash,
                Detail = $"上传文件 {stored} 到数据来源 {source.Name} 的收件目录（{size} 字节）",
            },
        ], ct);
        await tx.CommitAsync(ct);
    }

    public static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.#} MB";
}

/// <summary>Where a source's folders are: relative ones are relative to the content root, like the SQLite database under data/.</summary>
public static class SourceFolders
{
    public static SourceDefinition Resolve(SourceDefinition s, string contentRoot) => s with
    {
        Inbox = Path.GetFullPath(s.Inbox, contentRoot),
        Archive = Path.GetFullPath(s.Archive, contentRoot),
        Rejected = Path.GetFullPath(s.Rejected, contentRoot),
    };
}
