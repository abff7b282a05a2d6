using GanXian.CreditHub.Collect;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.Exchange.Pages;

/// <summary>
/// The officers' view of the exchange's files: what waits in each inbox, what became of every file processed, and the
/// upload of an export (a corrected file, or one the source system cannot drop) into an inbox.
/// </summary>
/// <remarks>
/// No request size limit of its own: the form reader's multipart limit (the upload limit, <see cref="ExchangeOptions.MaxUploadBytes"/>)
/// bounds what is read, and <see cref="InboxUpload"/> stops copying beyond it.
/// </remarks>
[Authorize(Policy = Policies.Operations)]
[DisableRequestSizeLimit]
public sealed class FilesModel(CreditHubDbContext db, IAuthorizationService auth, CollectSources sources, IHostEnvironment environment, InboxUpload upload) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Source { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Outcome { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<FileEndpoints.InboxView> Inboxes { get; private set; } = [];

    public IReadOnlyList<FileEndpoints.ProcessedFile> Files { get; private set; } = [];

    public int Total { get; private set; }

    public IReadOnlyList<SourceDefinition> Sources => sources.All;

    public long MaxBytes => upload.MaxBytes;

    public string? Message { get; private set; }

    public bool Failed { get; private set; }

    /// <summary>The filter values of the address that name no source or outcome (the list shows all for them).</summary>
    public PageMessage? FilterMessage { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostUploadAsync(string? uploadSource, bool runNow, CancellationToken ct)
    {
        var actor = User.Identity?.Name ?? "unknown";
        var file = Request.Form.Files.Count == 1 ? Request.Form.Files[0] : null;
        if (file is null || uploadSource is null)
        {
            (Message, Failed) = (file is null ? "请选择要上传的文件" : "请选择数据来源", true);
        }
        else
        {
            await using var stream = file.OpenReadStream();
            var result = await upload.SaveAsync(uploadSource, file.FileName, stream, actor, ct);
            (Message, Failed) = (result.Message, result.Outcome != UploadOutcome.Stored);
            if (result.Outcome == UploadOutcome.Stored && runNow)
            {
                (Message, var summary) = await upload.ImportNowAsync(result, actor, ct);
                Failed = summary.Files.Any(f => f.FileName == result.FileName && f.Outcome == FileImportOutcome.Rejected);
            }
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        // An unknown outcome was dropped without a word, an unknown source matched nothing. A source no longer
        // configured is known while its files are listed.
        var filter = new ListFilter();
        Outcome = filter.Check("结果", Outcome, [FileOutcomes.Archived, FileOutcomes.Rejected]);
        Source = filter.Check("数据来源", Source,
            [.. sources.All.Select(s => s.Name), .. await db.Set<ImportedFile>().Select(f => f.Source).Distinct().ToListAsync(ct)]);
        FilterMessage = filter.Message;
        var unmasked = await QuarantineQuery.SeesPersonalDataAsync(auth, User);
        Inboxes = FileEndpoints.Inboxes(sources, environment, unmasked);
        PageNumber = Math.Max(1, PageNumber);
        var q = FileEndpoints.Filter(db, Source, Outcome, name: null);
        Total = await q.CountAsync(ct);
        Files = [.. (await q.OrderByDescending(f => f.Id).Paged(PageNumber, PageSize).ToListAsync(ct)).Select(f => FileEndpoints.View(f, unmasked))];
    }

    public string PageLink(int page) =>
        $"{FilePages.ListPath}?source={Uri.EscapeDataString(Source ?? "")}&outcome={Uri.EscapeDataString(Outcome ?? "")}&p={page}";

    public string Local(DateTimeOffset? at) => HubClaims.LocalTime(at);
}
