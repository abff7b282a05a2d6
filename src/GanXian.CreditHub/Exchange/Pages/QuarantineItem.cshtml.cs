using System.Text.Json.Nodes;
using GanXian.CreditHub.Collect;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.Mapping;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.Exchange.Pages;

/// <summary>
/// One quarantine item: its issues, the original values and the mapped data, and the officer's two decisions, a
/// correction (a form of the catalogue's fields, checked by the same rules as an import) or a dismissal with a reason.
/// </summary>
[Authorize(Policy = Policies.Operations)]
public sealed class QuarantineItemModel(CreditHubDbContext db, IAuthorizationService auth, QuarantineActions actions, MappingRegistry mappings) : PageModel
{
    public QuarantineItem Item { get; private set; } = null!;

    public string? RecordState { get; private set; }

    public IReadOnlyList<CatalogFieldSpec> Fields { get; private set; } = [];

    /// <summary>The form's values by field code: the stored data, or what the officer submitted.</summary>
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<IssueDto> Issues { get; private set; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Original { get; private set; } = [];

    /// <summary>Why the last correction was refused (its own issues), or what was done.</summary>
    public string? Message { get; private set; }

    /// <summary>Whether <see cref="Message"/> is a refusal: shown as an error, never as the notice of a success.</summary>
    public bool Failed { get; private set; }

    public IReadOnlyList<RecordIssue> CorrectionIssues { get; private set; } = [];

    /// <summary>The correction's note as submitted: a refused correction shows it again, as it does the field values.</summary>
    public string? Note { get; private set; }

    public bool Unmasked { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Message = Request.Query["done"] == "1" ? "已保存。" : null;
        foreach (var (code, value) in StoredValues())
        {
            Values[code] = ShowField(code, value);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostCorrectAsync(long id, string? note, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Note = note;
        var stored = StoredValues();
        var data = new JsonObject();
        var problems = new List<RecordIssue>();
        foreach (var f in Fields)
        {
            var text = (Request.Form[$"f_{f.Code}"].ToString() ?? "").Trim();
            Values[f.Code] = text;
            // A masked ID number left as shown means "keep the stored one" (the officer never saw it in full).
            if (!Unmasked && stored.TryGetValue(f.Code, out var original) && text == PersonalIdRedactor.Mask(original))
            {
                text = original;
            }

            if (text.Length == 0)
            {
                continue;
            }

            // The import's own text → typed value conversion (numbers with separators, 12.0 as an integer, …).
            if (FieldValues.ToJson(f, text, out var node, out var failure))
            {
                data[f.Code] = node;
            }
            else
            {
                problems.Add(new RecordIssue(f.Code, null, failure.Rule, $"{f.Name}（{f.Code}）{failure.Message}"));
            }
        }

        if (problems.Count == 0)
        {
            var result = await actions.CorrectAsync(id, data, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), User.Identity?.Name ?? "unknown", ct);
            if (result.Outcome == QuarantineOutcome.Done)
            {
                return Redirect(QuarantinePages.ItemPath(id) + "?done=1");
            }

            Message = result.Message;
            problems.AddRange(result.Issues ?? []);
        }
        else
        {
            Message = "更正后的数据仍未通过校验";
        }

        Failed = true;

        CorrectionIssues = problems.Select(p => p with { Message = Show(p.Message) }).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostDismissAsync(long id, string? reason, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            (Message, Failed) = ("忽略隔离记录须填写原因。", true);
            foreach (var (code, value) in StoredValues())
            {
                Values[code] = ShowField(code, value);
            }

            return Page();
        }

        var result = await actions.DismissAsync(id, reason.Trim(), User.Identity?.Name ?? "unknown", ct);
        if (result.Outcome == QuarantineOutcome.Done)
        {
            return Redirect(QuarantinePages.ItemPath(id) + "?done=1");
        }

        (Message, Failed) = (result.Message, true);
        return Page();
    }

    public string Show(string? text) => RecordPages.Show(text, Unmasked);

    /// <summary>
    /// A field's value: a credit code in a credit-code field is shown as it is, even when it is all digits and so has
    /// the shape of an ID number (机关、事业单位 codes), provided it is a valid credit code and not a valid ID number;
    /// everything else as <see cref="Show"/>.
    /// </summary>
    public string ShowField(string code, string? value) =>
        RecordPages.Show(value, Unmasked, creditCodeFields.Contains(code));

    /// <summary>An original value, by the same rule for the columns that feed a credit-code field.</summary>
    public string ShowOriginal(string column, string? value) =>
        value is not null && creditCodeColumns.Contains(HeaderNames.Normalize(column)) && PersonalIdRedactor.IsCreditCodeNotId(value.Trim()) ? value : Show(value);

    private HashSet<string> creditCodeFields = [];
    private HashSet<string> creditCodeColumns = [];

    public string Local(DateTimeOffset? at) => HubClaims.LocalTime(at);

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var item = await db.Set<QuarantineItem>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (item is null)
        {
            return false;
        }

        Item = item;
        Unmasked = await QuarantineQuery.SeesPersonalDataAsync(auth, User);
        RecordState = await QuarantineQuery.RecordStateAsync(db, item, ct);
        Fields = mappings.Catalogs.Find(item.Catalog)?.Fields ?? [];
        creditCodeFields = Fields.Where(f => f.Type == FieldTypes.Uscc).Select(f => f.Code).ToHashSet(StringComparer.Ordinal);
        creditCodeColumns = (mappings.ForCatalog(item.Catalog)?.Fields ?? [])
            .Where(f => f.Spec.Type == FieldTypes.Uscc).SelectMany(f => f.Mapping.Columns).Select(HeaderNames.Normalize).ToHashSet(StringComparer.Ordinal);
        Issues = ExchangeJson.ParseIssues(item.Issues);
        Original = item.Original is null
            ? []
            : (JsonNode.Parse(item.Original) as JsonObject)?.Select(p => KeyValuePair.Create(p.Key, p.Value?.ToString() ?? "")).ToList() ?? [];
        return true;
    }

    /// <summary>The item's mapped data as text per field (numbers as written in the canonical JSON).</summary>
    private Dictionary<string, string> StoredValues()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Item.Data is not null && JsonNode.Parse(Item.Data) is JsonObject data)
        {
            foreach (var (code, node) in data)
            {
                values[code] = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";
            }
        }

        return values;
    }
}
