using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.IntegrationTests.Identity;

internal static class OperationLog
{
    /// <summary>The operation chain as "kind actor", in order, read from the real audit log table.</summary>
    public static async Task<List<AuditEntry>> EntriesAsync(TestHub hub)
    {
        await using var scope = hub.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GanXian.CreditHub.Data.CreditHubDbContext>();
        return await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Chain == LogChain.Operation).OrderBy(e => e.Seq).ToListAsync();
    }

    public static async Task<List<string>> KindsAsync(TestHub hub) =>
        (await EntriesAsync(hub)).Select(e => $"{e.Kind} {e.Actor}").ToList();
}
