using System.Text;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Exchange.Pages;
using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Identity;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.Exchange;

/// <summary>
/// The quarantine as a CSV an officer opens in Excel and sends back to the source system's operators, so that the
/// next export comes corrected: file, row, field, rule, the Chinese message and the original values, one item per line.
/// UTF-8 with a BOM and CRLF (what Excel needs to show Chinese), streamed; ID numbers masked without the permission.
/// </summary>
public static class QuarantineExport
{
    public static readonly string[] Columns = ["编号", "类型", "目录", "文件", "行号", "字段", "规则", "说明", "状态", "隔离时间", "原始数据"];

    public static async Task WriteAsync(IQueryable<QuarantineItem> items, bool unmasked, Stream output, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16, leaveOpen: true);
        writer.NewLine = "\r\n";
        await writer.WriteLineAsync(string.Join(',', Columns));
        string Show(string? text) => QuarantineQuery.Show(text, unmasked) ?? "";
        await foreach (var i in items.OrderBy(i => i.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            string[] cells =
            [
                i.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), QuarantinePages.KindName(i.Kind, i.Rule), i.Catalog, Show(i.FileName),
                i.SourceRow?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", i.Field ?? "", i.Rule, Show(i.Message),
                QuarantinePages.StatusName(i.Status), HubClaims.LocalTime(i.CreatedAt), Show(Original(i.Original)),
            ];
            await writer.WriteLineAsync(string.Join(',', cells.Select(Quote)));
        }
    }

    /// <summary>The original values as "列=值；列=值", in the file's column order.</summary>
    private static string? Original(string? json) =>
        json is not null && JsonNode.Parse(json) is JsonObject o ? string.Join("；", o.Select(p => $"{p.Key}={p.Value}")) : null;

    /// <summary>
    /// RFC 4180 quoting; a cell that starts as a formula would (=, +, -, @) gets a leading apostrophe, so that a value
    /// from an export cannot run as a formula in the officer's Excel.
    /// </summary>
    private static string Quote(string cell)
    {
        if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@')
        {
            cell = "'" + cell;
        }

        return cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
    }
}
