using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GanXian.CreditHub.AuditLog.Pages;

/// <summary>
/// The auditors' page: the same search as <c>GET /api/audit/entries</c> (and logged the same way), a verification of
/// the chain, and the export link of the current filter. Dates are business dates in Asia/Shanghai.
/// </summary>
[Authorize(Policy = Policies.Auditor)]
public sealed class AuditLogPageModel(AuditSearch search, AuditVerifier verifier, AuditSigningKey key) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string Chain { get; set; } = "exchange";

    [BindProperty(SupportsGet = true)]
    public string? Entity { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Record { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Batch { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? Since { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? Until { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public AuditSearchPage? Results { get; private set; }

    public string? Error { get; private set; }

    public VerifyReport? Verification { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        // A HEAD (a link checker, a probe) shows nothing, so it must not be logged as a search (Hosting/HeadRequests).
        if (!Searched || Hosting.HeadRequests.IsHead(HttpContext))
        {
            return;
        }

        if (Filter(out var filter) is { } error)
        {
            Error = error;
            return;
        }

        Results = await search.SearchAsync(filter, Math.Max(1, PageNumber), PageSize, User.Identity?.Name ?? "unknown", ct);
    }

    public async Task OnPostVerifyAsync(CancellationToken ct)
    {
        var chain = ChainNames.Parse(Chain) ?? LogChain.Exchange;
        using var publicKey = AuditVerifier.LocalPublicKey(key);
        Verification = await verifier.VerifyAsync(chain, null, null, publicKey, ct);
        await search.RecordVerifyAsync(User.Identity?.Name ?? "unknown", chain, null, null, Verification, ct);
    }

    /// <summary>Whether the form was submitted (a first visit shows the form only).</summary>
    public bool Searched => Request.Query.ContainsKey("chain");

    /// <summary>The export of the current filter through the API (the browser's sign-in is enough).</summary>
    public string ExportLink()
    {
        var q = new List<string> { $"chain={Uri.EscapeDataString(Chain)}" };
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                q.Add($"{name}={Uri.EscapeDataString(value.Trim())}");
            }
        }

        Add("entityKey", Entity);
        Add("recordId", Record);
        Add("batchId", Batch);
        Add("actor", Actor);
        Add("from", Start(Since)?.ToString("O"));
        Add("to", End(Until)?.ToString("O"));
        Add("state", State);
        Add("kind", Kind);
        return "/api/audit/export?" + string.Join("&", q);
    }

    public string PageLink(int page) =>
        $"/audit?chain={Uri.EscapeDataString(Chain)}&entity={Uri.EscapeDataString(Entity ?? "")}&record={Uri.EscapeDataString(Record ?? "")}" +
        $"&batch={Uri.EscapeDataString(Batch ?? "")}&actor={Uri.EscapeDataString(Actor ?? "")}&since={Since:yyyy-MM-dd}&until={Until:yyyy-MM-dd}&state={Uri.EscapeDataString(State ?? "")}" +
        $"&kind={Uri.EscapeDataString(Kind ?? "")}&p={page}";

    public static string Local(DateTimeOffset at) => HubClaims.LocalTime(at);

    private string? Filter(out AuditFilter filter)
    {
        filter = new AuditFilter
        {
            Chain = ChainNames.Parse(Chain) ?? LogChain.Exchange,
            EntityKey = Blank(Entity), RecordId = Blank(Record), BatchId = Blank(Batch), Actor = Blank(Actor),
            From = Start(Since), To = End(Until), State = Blank(State), Kind = Blank(Kind),
        };
        return ChainNames.Parse(Chain) is null ? "日志只能是交换日志或操作日志" : filter.Validate();
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    // The first and last dates a date field can send (0001-01-01, 9999-12-31: typed as "from the beginning" or "for
    // ever") have no instant before or after them to bound by (the start of 0001-01-01 in Asia/Shanghai is in year 0,
    // the day after 9999-12-31 does not exist), and the log has nothing beyond them anyway: they mean no bound, not a 500.
    private static DateTimeOffset? Start(DateOnly? date) => date is { } d && d != DateOnly.MinValue ? BusinessTime.StartOf(d) : null;

    private static DateTimeOffset? End(DateOnly? until) => until is { } d && d != DateOnly.MaxValue ? BusinessTime.StartOf(d.AddDays(1)) : null;
}
