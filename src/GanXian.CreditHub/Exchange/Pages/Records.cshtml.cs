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

/// <summary>The officers' search of the exchange's records: what every collected record became at the platform.</summary>
[Authorize(Policy = Policies.Operations)]
public sealed class RecordsModel(CreditHubDbContext db, IAuthorizationService auth, MappingRegistry mappings) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Catalog { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Entity { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Name { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<ExchangeRecord> Items { get; private set; } = [];

    public int Total { get; private set; }

    public IReadOnlyList<string> Catalogs { get; private set; } = [];

    public bool Unmasked { get; private set; }

    public MappingRegistry Mappings => mappings;

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Catalogs = [.. mappings.Catalogs.All.Select(c => c.Code).Order(StringComparer.Ordinal)];
        Unmasked = await QuarantineQuery.SeesPersonalDataAsync(auth, User);
        // As on the quarantine and files lists: an unknown state (a bookmark, a link typed by hand) is named in the
        // message box and the list shows all for it, where it used to show the error and no list at all.
        var filter = new ListFilter();
        State = filter.Check("状态", State, RecordQuery.States);
        Catalog = filter.Check("目录", Catalog, Catalogs);
        Error = filter.Message?.Text;
        PageNumber = Math.Max(1, PageNumber);
        var q = RecordQuery.Filter(RecordQuery.Source(db, mappings, Name), Catalog, State, Entity, recordId: null);
        Total = await q.CountAsync(ct);
        Items = await q.OrderByDescending(r => r.Id).Paged(PageNumber, PageSize).ToListAsync(ct);
    }

    public string PageLink(int page) =>
        $"{RecordPages.ListPath}?catalog={Uri.EscapeDataString(Catalog ?? "")}&state={Uri.EscapeDataString(State ?? "")}&entity={Uri.EscapeDataString(Entity ?? "")}&name={Uri.EscapeDataString(Name ?? "")}&p={page}";

    public string Local(DateTimeOffset? at) => HubClaims.LocalTime(at);
}
