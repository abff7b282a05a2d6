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

    /// <summary>
    /// The dates as typed, read by <see cref="AuditTimeText.TryParseDate"/>. Bound as text: bound as dates, a value that
    /// is not one (<c>2026-13-45</c> in the address, free text from a browser without a date picker) became "no bound"
    /// and the page searched the whole log while the auditor believed it filtered.
    /// </summary>
    [BindProperty(SupportsGet = true)]
    public string? Since { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Until { get; set; }

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

    /// <summary>What the date field shows: the date read (as the date picker needs it), or the text that is not a date.</summary>
    public string? SinceValue => Date(Since)?.ToString("yyyy-MM-dd") ?? Since;

    public string? UntilValue => Date(Until)?.ToString("yyyy-MM-dd") ?? Until;

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
        Add("from", Start(Date(Since))?.ToString("O"));
        Add("to", End(Date(Until))?.ToString("O"));
        Add("state", State);
        Add("kind", Kind);
        return "/api/audit/export?" + string.Join("&", q);
    }

    public string PageLink(int page) =>
        $"/audit?chain={Uri.EscapeDataString(Chain)}&entity={Uri.EscapeDataString(Entity ?? "")}&record={Uri.EscapeDataString(Record ?? "")}" +
        $"&batch={Uri.EscapeDataString(Batch ?? "")}&actor={Uri.EscapeDataString(Actor ?? "")}&since={Date(Since):yyyy-MM-dd}&until={Date(Until):yyyy-MM-dd}&state={Uri.EscapeDataString(State ?? "")}" +
        $"&kind={Uri.EscapeDataString(Kind ?? "")}&p={page}";

    public static string Local(DateTimeOffset at) => HubClaims.LocalTime(at);

    private string? Filter(out AuditFilter filter)
    {
        filter = new AuditFilter
        {
            Chain = ChainNames.Parse(Chain) ?? LogChain.Exchange,
            EntityKey = Blank(Entity), RecordId = Blank(Record), BatchId = Blank(Batch), Actor = Blank(Actor),
            From = Start(Date(Since)), To = End(Date(Until)), State = Blank(State), Kind = Blank(Kind),
        };
        string[] dates = [.. new[] { DateError("开始日期", Since), DateError("结束日期", Until) }.OfType<string>()];
        return ChainNames.Parse(Chain) is null ? "日志只能是交换日志或操作日志"
            : dates.Length > 0 ? $"{string.Join("；", dates)}。请按“年-月-日”填写（如 2026-12-01），或留空表示不限。未执行查询。"
            : filter.Validate();
    }

    private static DateOnly? Date(string? text) =>
        !string.IsNullOrWhiteSpace(text) && AuditTimeText.TryParseDate(text, out var date) ? date : null;

    // Masked: a pasted ID number may arrive in any field.
    private static string? DateError(string field, string? text) =>
        string.IsNullOrWhiteSpace(text) || Date(text) is not null ? null : $"{field}“{PersonalIdRedactor.Mask(text.Trim())}”不是有效的日期";

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    // The first and last dates a date field can send (0001-01-01, 9999-12-31: typed as "from the beginning" or "for
    // ever") have no instant before or after them to bound by (the start of 0001-01-01 in Asia/Shanghai is in year 0,
    // the day after 9999-12-31 does not exist), and the log has nothing beyond them anyway: they mean no bound, not a 500.
    private static DateTimeOffset? Start(DateOnly? date) => date is { } d && d != DateOnly.MinValue ? BusinessTime.StartOf(d) : null;

    private static DateTimeOffset? End(DateOnly? until) => until is { } d && d != DateOnly.MaxValue ? BusinessTime.StartOf(d.AddDays(1)) : null;
}
