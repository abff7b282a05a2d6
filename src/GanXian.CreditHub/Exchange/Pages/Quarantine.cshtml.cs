using GanXian.CreditHub.Data;
using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.Mapping;
using GanXian.CreditHub.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.Exchange.Pages;

/// <summary>The officers' list of quarantine items (what the JSON API's list gives, as a page), and "send now".</summary>
[Authorize(Policy = Policies.Operations)]
public sealed class QuarantineModel(CreditHubDbContext db, IAuthorizationService auth, ExchangeRunner runner, MappingRegistry mappings) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string Status { get; set; } = QuarantineStatuses.Open;

    [BindProperty(SupportsGet = true)]
    public string? Catalog { get; set; }

    [BindProperty(SupportsGet = true, Name = "file")]
    public string? FileName { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<QuarantineItem> Items { get; private set; } = [];

    public int Total { get; private set; }

    public IReadOnlyList<string> Catalogs { get; private set; } = [];

    public bool Unmasked { get; private set; }

    /// <summary>What "send now" did, shown above the list.</summary>
    public string? Notice { get; private set; }

    /// <summary>Whether the sending did not complete (another run held the lock, the platform did not answer or refused).</summary>
    public bool Failed { get; private set; }

    /// <summary>The filter values of the address that name no status or catalogue (the list shows all for them).</summary>
    public PageMessage? FilterMessage { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task OnPostResubmitAsync(CancellationToken ct)
    {
        var summary = await runner.RunAsync(new ExchangeRunRequest(ExchangeRunMode.PushOnly, User.Identity?.Name ?? "unknown"), null, ct);
        Notice = summary.Status == ExchangeRunStatus.LockBusy
            ? "另一次交换正在运行，请稍后再试。"
            : string.Join(" ", [summary.OneLine(), .. summary.Messages]);
        Failed = summary.Status != ExchangeRunStatus.Completed;
        await LoadAsync(ct);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Catalogs = await db.Set<QuarantineItem>().Select(i => i.Catalog).Distinct().OrderBy(c => c).ToListAsync(ct);
        // A blank status is every status, as in the API; an unknown one matched nothing and read as "no items".
        var filter = new ListFilter();
        Status = filter.Check("状态", Status, [.. QuarantineStatuses.All, "all"]) ?? "all";
        Catalog = filter.Check("目录", Catalog, [.. Catalogs, .. mappings.Catalogs.All.Select(c => c.Code)]);
        FilterMessage = filter.Message;
        PageNumber = Math.Max(1, PageNumber);
        var q = QuarantineQuery.Filter(db, Status, Catalog, file: FileName?.Trim());
        Total = await q.CountAsync(ct);
        Items = await q.OrderByDescending(i => i.Id).Paged(PageNumber, PageSize).ToListAsync(ct);
        Unmasked = await QuarantineQuery.SeesPersonalDataAsync(auth, User);
    }

    public string Show(string? text) => text is null ? "" : Unmasked ? text : PersonalIdRedactor.Mask(text);

    public string Local(DateTimeOffset? at) => HubClaims.LocalTime(at);

    /// <summary>The list under the current filter as CSV (the API's export, with the browser's sign-in).</summary>
    public string ExportLink() =>
        $"/api/exchange/quarantine/export?status={Uri.EscapeDataString(Status)}&catalog={Uri.EscapeDataString(Catalog ?? "")}&file={Uri.EscapeDataString(FileName ?? "")}";

    public string PageLink(int page) =>
        $"{QuarantinePages.ListPath}?status={Uri.EscapeDataString(Status)}&catalog={Uri.EscapeDataString(Catalog ?? "")}&file={Uri.EscapeDataString(FileName ?? "")}&p={page}";
}
