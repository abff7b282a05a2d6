using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using static GanXian.CreditHub.IntegrationTests.Exchange.ExchangeRunTests;

namespace GanXian.CreditHub.IntegrationTests.Exchange;

/// <summary>A workbook exported with the table on one sheet per insurance type, through the real reader, end to end.</summary>
public sealed class WorkbookSheetsTests
{
    private static Dictionary<string, object> Cells(string shortRow) =>
        ExchangeTestBed.ExportHeader.Split(',').Zip(ExchangeTestBed.Export(shortRow).Split(','))
            .ToDictionary(p => p.First, p => (object)p.Second);

    /// <summary>An explanation sheet, 工伤 (3 rows, the second without a credit code), a summary sheet, 失业 (2 rows and the first again).</summary>
    private static string WriteWorkbook(string folder, string name)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        var injury = Rows(3).Select(r => r.Replace(",110,", ",410,")).ToList();
        injury[1] = ",410,202610,5";
        MiniExcel.SaveAs(path, new Dictionary<string, object>
        {
            ["填表说明"] = new[] { new Dictionary<string, object> { ["说明"] = "本表由社保业务系统导出，金额单位：元" } },
            ["工伤"] = injury.Select(Cells).ToArray(),
            ["汇总"] = new[] { new Dictionary<string, object> { ["险种"] = "工伤保险", ["合计"] = 300 } },
            ["失业"] = Rows(2, from: 10).Append(Rows(1, from: 10).Single()).Select(r => r.Replace(",110,", ",210,")).Select(Cells).ToArray(),
        });
        return path;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_sheet_with_the_table_is_imported_as_a_part_of_the_file_and_the_file_once(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider);
        var path = WriteWorkbook(bed.Inbox, "分险种_202610.xlsx");
        var copy = await File.ReadAllBytesAsync(path);

        var summary = await bed.RunAsync();

        var file = Assert.Single(summary.Files);
        Assert.Equal(FileImportOutcome.Imported, file.Outcome);
        Assert.Equal("分险种_202610.xlsx", file.FileName);
        Assert.Equal((6L, 4L, 2L), (file.Read, file.Valid, file.Quarantined));
        Assert.Contains("共 2 个工作表（工伤、失业）", file.Remarks);
        Assert.Equal(4, summary.Catalogs[ExchangeTestBed.Catalog].Accepted);
        Assert.Equal(4, bed.Held().Count);

        var parts = await bed.QueryAsync(db => db.Set<ImportedFile>().AsNoTracking().OrderBy(f => f.Id).ToListAsync());
        Assert.Equal(["分险种_202610.xlsx（工作表“工伤”）", "分险种_202610.xlsx（工作表“失业”）"], parts.Select(f => f.FileName));
        Assert.Equal((3L, 2L, 1L), (parts[0].ReadCount, parts[0].ValidCount, parts[0].QuarantinedCount));
        Assert.Equal((3L, 2L, 1L), (parts[1].ReadCount, parts[1].ValidCount, parts[1].QuarantinedCount));
        Assert.NotEqual(parts[0].ContentHash, parts[1].ContentHash);

        // A quarantined row is named by its sheet and by the row number Excel shows on that sheet.
        var items = (await bed.QuarantineAsync()).OrderBy(i => i.FileId).ToList();
        Assert.Equal(("分险种_202610.xlsx（工作表“工伤”）", 3L, parts[0].Id), (items[0].FileName, items[0].SourceRow, items[0].FileId));
        Assert.Equal(("分险种_202610.xlsx（工作表“失业”）", 4L, "DUPLICATE_KEY"), (items[1].FileName, items[1].SourceRow, items[1].Rule));
        Assert.Equal("同一工作表中业务主键重复：与第 2 行为同一条记录", items[1].Message);

        var archived = Directory.EnumerateFiles(bed.Archive, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.Single(archived, f => f!.EndsWith(".xlsx", StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(bed.Inbox));

        // The same workbook again: known by its hash, nothing read or sent again.
        await File.WriteAllBytesAsync(Path.Combine(bed.Inbox, "重发.xlsx"), copy);
        var again = await bed.RunAsync();
        Assert.Equal(FileImportOutcome.AlreadyImported, Assert.Single(again.Files).Outcome);
        Assert.Equal(0, again.Catalogs[ExchangeTestBed.Catalog].Sent);
        Assert.Equal(2, await bed.QueryAsync(db => db.Set<ImportedFile>().CountAsync()));

        // And uploaded: refused at once, naming the file processed before.
        using var client = bed.Hub.CreateClient().As("alice", Roles.Officer);
        var upload = new ByteArrayContent(copy);
        upload.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var response = await client.PostAsync("/api/exchange/sources/shbx-jfxx/files", new MultipartFormDataContent { { upload, "file", "再传.xlsx" } });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var refusal = (await response.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>();
        Assert.Contains("处理的文件 分险种_202610.xlsx 完全相同", refusal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_later_sheet_that_cannot_be_read_rejects_the_whole_workbook_and_leaves_no_part_behind(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider, services: s =>
            s.AddScoped<ISourceFileReader>(sp => new BrokenSheetReader(ActivatorUtilities.CreateInstance<GanXian.CreditHub.Collect.SourceFileReader>(sp), "失业")));
        WriteWorkbook(bed.Inbox, "坏表.xlsx");

        var summary = await bed.RunAsync();

        var file = Assert.Single(summary.Files);
        Assert.Equal(FileImportOutcome.Rejected, file.Outcome);
        Assert.StartsWith("工作表“失业”：", file.Message);
        Assert.Contains("整个工作簿未导入", file.Message);
        Assert.Empty(bed.Held());
        Assert.Empty(await bed.RecordsAsync());
        Assert.Empty(await bed.QuarantineAsync(null));
        var files = await bed.QueryAsync(db => db.Set<ImportedFile>().AsNoTracking().ToListAsync());
        Assert.Equal(("坏表.xlsx", FileOutcomes.Rejected), (Assert.Single(files).FileName, files[0].Outcome));
        Assert.Equal(["file.rejected"], (await bed.AuditAsync()).Select(e => e.Kind)); // the first sheet's rows left no trace
        Assert.True(File.Exists(Path.Combine(bed.Rejected, "坏表.xlsx")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_sheet_with_the_table_but_a_misspelt_column_rejects_the_workbook_instead_of_being_passed_over(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider);
        Directory.CreateDirectory(bed.Inbox);
        var path = Path.Combine(bed.Inbox, "分险种.xlsx");
        var unemployment = Rows(2, from: 10).Select(r => r.Replace(",110,", ",210,")).Select(Cells)
            .Select(c => c.ToDictionary(p => p.Key == "缴费状态" ? "缴费情况" : p.Key, p => p.Value)).ToArray();
        MiniExcel.SaveAs(path, new Dictionary<string, object>
        {
            ["工伤"] = Rows(3).Select(r => r.Replace(",110,", ",410,")).Select(Cells).ToArray(),
            ["失业"] = unemployment,
        });

        var summary = await bed.RunAsync();

        var file = Assert.Single(summary.Files);
        Assert.Equal(FileImportOutcome.Rejected, file.Outcome);
        Assert.StartsWith("工作簿 分险种.xlsx 的工作表“失业”缺少必需的列：缴费状态（", file.Message);
        Assert.Empty(bed.Held());
        Assert.Empty(await bed.RecordsAsync());
        Assert.True(File.Exists(Path.Combine(bed.Rejected, "分险种.xlsx")));
    }

    /// <summary>The real reader, but the sheet <paramref name="broken"/> turns out damaged after its first record.</summary>
    private sealed class BrokenSheetReader(ISourceFileReader inner, string broken) : ISourceFileReader
    {
        public IReadOnlyList<string> TableSheetsOf(SourceDefinition source, string path) => inner.TableSheetsOf(source, path);

        public async IAsyncEnumerable<CollectedRecord> ReadAsync(SourceDefinition source, string path, string? sheet,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            await foreach (var record in inner.ReadAsync(source, path, sheet, ct))
            {
                yield return record;
                if (sheet == broken)
                {
                    throw new SourceFileUnreadableException(Path.GetFileName(path), $"工作簿 {Path.GetFileName(path)} 第 3 行附近内容损坏");
                }
            }
        }
    }
}
