using GanXian.CreditHub.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GanXian.CreditHub.Scheduling.Pages;

/// <summary>
/// The scheduled jobs as the API lists them (schedule, next and last run) with the recent run history, for officers
/// and administrators; administrators also run a job now, under its lock, as <c>POST /api/jobs/{name}/run</c> does.
/// </summary>
[Authorize(Policy = Policies.Operations)]
public sealed class JobsModel(JobQueries queries, JobRunner runner, ScheduleCatalog catalog, IAuthorizationService auth, IHostApplicationLifetime lifetime)
    : PageModel
{
    public IReadOnlyList<JobView> Jobs { get; private set; } = [];

    public IReadOnlyList<JobRunView> History { get; private set; } = [];

    public bool CanRun { get; private set; }

    public string? Notice { get; private set; }

    public bool Failed { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostRunAsync(string name, CancellationToken ct)
    {
        if (!(await auth.AuthorizeAsync(User, Policies.Administrator)).Succeeded)
        {
            return Forbid();
        }

        if (catalog.Find(name) is not { } job)
        {
            return NotFound();
        }

        // The host's token, as in the API: leaving the page must not abort an exchange half way.
        var run = await runner.RunAsync(job, JobRunRequest.Manual(User.Identity?.Name ?? "unknown"), lifetime.ApplicationStopping);
        Notice = $"任务 {name}：{JobOutcomes.Chinese(run.Outcome)}。{run.Summary}";
        Failed = run.Outcome != JobOutcomes.Succeeded;
        await LoadAsync(ct);
        return Page();
    }

    public string Local(DateTimeOffset? at) => HubClaims.LocalTime(at);

    private async Task LoadAsync(CancellationToken ct)
    {
        CanRun = (await auth.AuthorizeAsync(User, Policies.Administrator)).Succeeded;
        Jobs = await queries.ListAsync(ct);
        History = await queries.HistoryAsync(null, 50, ct);
    }
}
