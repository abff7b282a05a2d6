using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.Scheduling;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.Web.Pages;

[Authorize(Policy = Policies.AnyRole)]
public sealed class IndexModel(CreditHubDbContext db, IAuthorizationService auth, Collect.CollectSources sources, IHostEnvironment environment, TimeProvider clock) : PageModel
{
    public IReadOnlyList<string> Roles { get; private set; } = [];

    public bool PersonalData { get; private set; }

    /// <summary>The exchange at a glance, for officers and administrators (null for the other roles).</summary>
    public ExchangeOverview? Exchange { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Roles = HubClaims.RolesOf(User);
        PersonalData = HubClaims.HasPersonalData(User);
        if (!(await auth.AuthorizeAsync(User, Policies.Operations)).Succeeded)
        {
            return;
        }

        var states = await db.Set<ExchangeRecord>().GroupBy(r => r.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        // A refused export is otherwise seen only in the rejected folder; a week is the span an officer looks back on.
        var weekAgo = clock.GetUtcNow().AddDays(-7);
        Exchange = new ExchangeOverview(
            await db.Set<QuarantineItem>().CountAsync(q => q.Status == QuarantineStatuses.Open, ct),
            states.ToDictionary(s => s.Key, s => s.Count),
            await db.Set<JobRun>().AsNoTracking().OrderByDescending(r => r.StartedAt).Take(5).ToListAsync(ct),
            FileEndpoints.Inboxes(sources, environment).Sum(i => i.Waiting.Count),
            // Compared here: SQLite cannot compare DateTimeOffset in SQL, and refused files are few.
            (await db.Set<ImportedFile>().Where(f => f.Outcome == FileOutcomes.Rejected).Select(f => f.ImportedAt).ToListAsync(ct)).Count(t => t >= weekAgo));
    }

    public string Local(DateTimeOffset? at) => HubClaims.LocalTime(at);
}

public sealed record ExchangeOverview(int OpenQuarantine, IReadOnlyDictionary<string, int> RecordStates, IReadOnlyList<JobRun> LastRuns, int WaitingFiles, int RejectedFilesThisWeek)
{
    public int Count(string state) => RecordStates.GetValueOrDefault(state);
}
