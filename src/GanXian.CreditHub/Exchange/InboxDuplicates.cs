using System.Security.Cryptography;
using GanXian.CreditHub.Collect;

namespace GanXian.CreditHub.Exchange;

/// <summary>
/// Finds a file waiting in an inbox with the same content as an upload. Only files of exactly the upload's size are
/// read (the same content has the same length), so the usual inbox of a few exports of other sizes costs a directory
/// listing. A file that goes while it is read (the exchange moved it to the archive) is no longer waiting: by then its
/// content is in the database, which the upload checks next.
/// </summary>
internal static class InboxDuplicates
{
    /// <returns>The name of the waiting file with this content, or null.</returns>
    public static async Task<string?> WaitingAsync(string inbox, long size, string hash, CancellationToken ct)
    {
        var sameSize = new DirectoryInfo(inbox).EnumerateFiles().Where(f => TabularFiles.IsInboxCandidate(f.Name) && f.Length == size);
        foreach (var file in sameSize.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            try
            {
                await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, useAsync: true);
                if (Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct)) == hash)
                {
                    return file.Name;
                }
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                // moved away meanwhile
            }
        }

        return null;
    }
}
