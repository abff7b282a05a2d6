using System.Text.Json.Nodes;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.Mapping;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.Exchange.Pages;

/// <summary>One record: its state at the platform, its data by catalogue field, and the officer's withdrawal.</summary>
[Authorize(Policy = Policies.Operations)]
public sealed class RecordItemModel(CreditHubDbContext db, IAuthorizationService auth, RecordActions actions, MappingRegistry mappings) : PageModel
{
    public ExchangeRecord Record { get; private set; } = null!;

    public string? SourceFile { get; private set; }

    /// <summary>Field code, name, value as shown, in the catalogue's order.</summary>
    public IReadOnlyList<(string Code, string Name, string Value)> Values { get; private set; } = [];

    public bool Unmasked { get; private set; }

    public string? Message { get; private set; }

    public bool Failed { get; private set; }

    public async Task<IActionResult> OnGetAsync(string recordId, bool done, CancellationToken ct)
    {
        if (!await LoadAsync(recordId, ct))
        {
            return NotFound();
        }

        Message = done ? "已标记撤回。已公示的记录将在下次交换（或隔离记录页的“立即发送”）时通知平台撤回。" : null;
        return Page();
    }

    /// <summary>The reason typed, kept when the withdrawal is refused so that the officer does not type it again.</summary>
    public string? Reason { get; private set; }

    public async Task<IActionResult> OnPostWithdrawAsync(string recordId, string? reason, bool confirm, CancellationToken ct)
    {
        if (!confirm && !string.IsNullOrWhiteSpace(reason))
        {
            // A withdrawal stands against every later export: one click on the wrong record must not be enough.
            if (!await LoadAsync(recordId, ct))
            {
                return NotFound();
            }

            (Message, Failed, Reason) = ("请勾选“确认撤回此记录的公示”后再提交：撤回后平台停止公示，此后的导出与更正也不会再公示。", true, reason);
            return Page();
        }

        var result = await actions.WithdrawAsync(recordId, reason, User.Identity?.Name ?? "unknown", ct);
        if (result.Outcome == RecordActionOutcome.NotFound)
        {
            return NotFound();
        }

        if (result.Outcome == RecordActionOutcome.Done)
        {
            return Redirect(RecordPages.ItemPath(recordId) + "?done=true");
        }

        await LoadAsync(recordId, ct);
        (Message, Failed, Reason) = (result.Message, true, reason);
        return Page();
    }

    public string Local(DateTimeOffset? at) => HubClaims.LocalTime(at);

    private async Task<bool> LoadAsync(string recordId, CancellationToken ct)
    {
        if (await RecordQuery.FindAsync(db, recordId, ct) is not { } record)
        {
            return false;
        }

        Record = record;
        Unmasked = await QuarantineQuery.SeesPersonalDataAsync(auth, User);
        SourceFile = record.SourceFileId is { } file
            ? await db.Set<ImportedFile>().Where(f => f.Id == file).Select(f => f.FileName).FirstOrDefaultAsync(ct)
            : null;
        var data = JsonNode.Parse(record.Data) as JsonObject ?? [];
        var fields = mappings.Catalogs.Find(record.Catalog)?.Fields ?? [];
        Values = [.. fields.Where(f => data.ContainsKey(f.Code)).Select(f => (f.Code, f.Name,
            RecordPages.Show(data[f.Code] is JsonValue v && v.TryGetValue<string>(out var s) ? s : data[f.Code]?.ToJsonString(), Unmasked, f.Type == FieldTypes.Uscc)))];
        return true;
    }
}
