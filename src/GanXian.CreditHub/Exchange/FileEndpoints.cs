using System.Security.Claims;
using GanXian.CreditHub.Collect;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace GanXian.CreditHub.Exchange;

/// <summary>
/// The files of the exchange: what each inbox holds now, what became of every file processed (archived with its
/// counts, or rejected with the reason), and an officer's upload into an inbox (<see cref="InboxUpload"/>), either as
/// <c>multipart/form-data</c> (<c>curl -F file=@export.csv</c>) or as the raw bytes with <c>?name=</c> or a
/// <c>Content-Disposition</c> header. <c>?run=true</c> runs the exchange right after.
/// </summary>
public static class FileEndpoints
{
    public sealed record ProcessedFile(long Id, string Source, string Catalog, string FileName, string Outcome, DateTimeOffset ImportedAt,
        long Read, long Valid, long Quarantined, long Unchanged, long Changed, string? Message);

    public sealed record FilePage(IReadOnlyList<ProcessedFile> Items, int Total, int PageNumber, int PageSize);

    public sealed record WaitingFile(string FileName, long Size, DateTimeOffset ModifiedAt);

    public sealed record InboxView(string Source, string Catalog, IReadOnlyList<WaitingFile> Waiting);

    public sealed record RunView(string Status, string Summary, IReadOnlyDictionary<string, long> Counts);

    public sealed record UploadView(string Outcome, string Message, string? Source, string? FileName, long Size, string? Sha256, RunView? Run = null);

    /// <summary>Room for the multipart framing around a file of the largest size allowed.</summary>
    public const long MultipartSlack = 1024 * 1024;

    public static WebApplication MapExchangeFiles(this WebApplication app)
    {
        var max = app.Services.GetRequiredService<IOptions<ExchangeOptions>>().Value.MaxUploadBytes;
        var group = app.MapGroup("/api/exchange").RequireAuthorization(Policies.Operations).RejectUnknownQueryParameters();
        group.MapGet("/files", ListAsync);
        group.MapGet("/inbox", Inbox);
        group.MapPost("/sources/{source}/files", UploadAsync).WithMetadata(new RequestSizeLimitAttribute(max + MultipartSlack))
            // Read by hand, in any content type: no Accepts metadata (routing would refuse the others with 415).
            .WithDescription("请求体：multipart/form-data 中的一个文件，或文件的原始字节（任意 Content-Type，文件名用 ?name= 或 Content-Disposition 请求头给出）。?run=true 上传后立即运行交换。")
            .Produces<UploadView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithFileUploadBody("file");
        return app;
    }

    private static async Task<Results<Ok<FilePage>, ProblemHttpResult>> ListAsync(
        CreditHubDbContext db, ClaimsPrincipal user, IAuthorizationService auth, CancellationToken ct,
        string? source = null, string? outcome = null, string? name = null, int page = 1, int pageSize = 50)
    {
        if (outcome is not null and not (FileOutcomes.Archived or FileOutcomes.Rejected))
        {
            return TypedResults.Problem($"未知的文件结果“{PersonalIdRedactor.Mask(outcome)}”（可用：{FileOutcomes.Archived}、{FileOutcomes.Rejected}）", statusCode: StatusCodes.Status400BadRequest);
        }

        var q = Filter(db, source, outcome, name);
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 500);
        var total = await q.CountAsync(ct);
        var files = await q.OrderByDescending(f => f.Id).Paged(page, pageSize).ToListAsync(ct);
        var unmasked = await QuarantineQuery.SeesPersonalDataAsync(auth, user);
        return TypedResults.Ok(new FilePage([.. files.Select(f => View(f, unmasked))], total, page, pageSize));
    }

    public static IQueryable<ImportedFile> Filter(CreditHubDbContext db, string? source, string? outcome, string? name)
    {
        var q = db.Set<ImportedFile>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(source))
        {
            q = q.Where(f => f.Source == source.Trim());
        }

        if (!string.IsNullOrWhiteSpace(outcome))
        {
            q = q.Where(f => f.Outcome == outcome);
        }

        if (!string.IsNullOrWhiteSpace(name))
        {
            q = q.Where(f => f.FileName.Contains(name.Trim()));
        }

        return q;
    }

    /// <summary>A file may be named after a person (个体户…身份证号.csv), and a rejection's reason quotes the file.</summary>
    public static ProcessedFile View(ImportedFile f, bool unmasked) =>
        new(f.Id, f.Source, f.Catalog, unmasked ? f.FileName : PersonalIdRedactor.Mask(f.FileName), f.Outcome, f.ImportedAt, f.ReadCount, f.ValidCount, f.QuarantinedCount, f.UnchangedCount,
            f.ChangedCount, f.Message is null || unmasked ? f.Message : PersonalIdRedactor.Mask(f.Message));

    private static async Task<Ok<List<InboxView>>> Inbox(CollectSources sources, IHostEnvironment environment, ClaimsPrincipal user, IAuthorizationService auth) =>
        TypedResults.Ok(Inboxes(sources, environment, await QuarantineQuery.SeesPersonalDataAsync(auth, user)));

    /// <summary>Every source's inbox as it is now (the API, the files page and the home page).</summary>
    public static List<InboxView> Inboxes(CollectSources sources, IHostEnvironment environment, bool unmasked = false) =>
        [.. sources.All.Select(s => Waiting(SourceFolders.Resolve(s, environment.ContentRootPath), unmasked))];

    /// <summary>The files a source's inbox holds now, oldest first, as the next run reads them.</summary>
    private static InboxView Waiting(SourceDefinition source, bool unmasked)
    {
        var files = Directory.Exists(source.Inbox)
            ? new DirectoryInfo(source.Inbox).EnumerateFiles().Where(f => Collect.TabularFiles.IsInboxCandidate(f.Name))
                .OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal)
                .Select(f => new WaitingFile(unmasked ? f.Name : PersonalIdRedactor.Mask(f.Name), f.Length, new DateTimeOffset(f.LastWriteTimeUtc, TimeSpan.Zero))).ToList()
            : [];
        return new InboxView(source.Name, source.Catalog, files);
    }

    private static async Task<IResult> UploadAsync(string source, HttpContext http, InboxUpload upload, ClaimsPrincipal user, CancellationToken ct,
        string? name = null, bool run = false)
    {
        var actor = user.Identity?.Name ?? "unknown";
        if (upload.Source(source) is null)
        {
            return Problem(StatusCodes.Status404NotFound, Invalid($"未知的数据来源“{PersonalIdRedactor.Mask(source)}”") with { Source = PersonalIdRedactor.Mask(source) });
        }

        if (UploadBody.ContentTypeError(http.Request) is { } refused)
        {
            return Problem(refused.Status, Invalid(refused.Detail), refused.Title);
        }

        UploadResult result;
        try
        {
            if (http.Request.HasFormContentType)
            {
                var (form, unreadable) = await UploadBody.ReadFormAsync(http.Request, ct);
                if (form is null)
                {
                    return Problem(unreadable!.Status, Invalid(unreadable.Detail));
                }

                if (form.Files.Count != 1)
                {
                    return Problem(StatusCodes.Status422UnprocessableEntity, Invalid($"请求须恰好包含一个文件（收到 {form.Files.Count} 个）"));
                }

                await using var stream = form.Files[0].OpenReadStream();
                result = await upload.SaveAsync(source, name ?? form.Files[0].FileName, stream, actor, ct);
            }
            else if ((name ?? DispositionName(http.Request)) is { } given)
            {
                result = await upload.SaveAsync(source, given, http.Request.Body, actor, ct);
            }
            else
            {
                return Problem(StatusCodes.Status422UnprocessableEntity, Invalid("缺少文件名：以 multipart/form-data 上传，或用 ?name= 或 Content-Disposition 请求头给出文件名"));
            }
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, Invalid($"文件超过上传上限 {InboxUpload.Megabytes(upload.MaxBytes)}") with { Outcome = nameof(UploadOutcome.TooLarge) });
        }

        var view = new UploadView(result.Outcome.ToString(), result.Message, result.Source, result.FileName, result.Size, result.Sha256);
        switch (result.Outcome)
        {
            case UploadOutcome.Stored when run:
                var (message, summary) = await upload.ImportNowAsync(result, actor, ct);
                return TypedResults.Created((string?)null, view with
                {
                    Message = message, Run = new RunView(summary.Status.ToString(), summary.OneLine(), summary.Counts()),
                });
            case UploadOutcome.Stored:
                return TypedResults.Created((string?)null, view);
            case UploadOutcome.AlreadyProcessed or UploadOutcome.AlreadyWaiting:
                return Problem(StatusCodes.Status409Conflict, view);
            case UploadOutcome.TooLarge:
                return Problem(StatusCodes.Status413PayloadTooLarge, view);
            default:
                return Problem(StatusCodes.Status422UnprocessableEntity, view);
        }
    }

    /// <summary>The file name of a raw upload's <c>Content-Disposition: attachment; filename*=UTF-8''…</c>, if any.</summary>
    private static string? DispositionName(HttpRequest request) =>
        ContentDispositionHeaderValue.TryParse(request.Headers.ContentDisposition.ToString(), out var d)
            ? HeaderUtilities.RemoveQuotes(d.FileNameStar.HasValue ? d.FileNameStar : d.FileName).Value
            : null;

    private static UploadView Invalid(string message) => new(nameof(UploadOutcome.Invalid), message, null, null, 0, null);

    /// <summary>
    /// A refused upload is a problem like every other API error (detail = the message); the upload's own fields ride
    /// along as extensions, where clients written against the earlier plain JSON answer still find them.
    /// </summary>
    private static IResult Problem(int status, UploadView view, string? title = null) =>
        TypedResults.Problem(view.Message, statusCode: status, title: title, extensions: new Dictionary<string, object?>
        {
            ["outcome"] = view.Outcome, ["message"] = view.Message, ["source"] = view.Source, ["fileName"] = view.FileName, ["size"] = view.Size, ["sha256"] = view.Sha256,
        });
}
