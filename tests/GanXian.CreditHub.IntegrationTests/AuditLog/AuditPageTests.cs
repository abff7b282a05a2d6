using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Exchange;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using GanXian.CreditHub.IntegrationTests.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace GanXian.CreditHub.IntegrationTests.AuditLog;

/// <summary>An auditor searches, verifies and exports the log in a real browser.</summary>
[Collection(BrowserPages.Collection)]
public sealed class AuditPageTests
{
    [Fact]
    public async Task An_auditor_searches_by_record_and_entity_verifies_and_exports_in_the_browser()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite, realSignIn: true);
        bed.WriteFile("jf.csv", ExchangeRunTests.Rows(3));
        await bed.RunAsync();
        var recordId = (await bed.RecordsAsync()).First().RecordId;
        await bed.Hub.CreateUserAsync("sun.hao", [Roles.Auditor]);

        await using var browser = await BrowserSession.StartAsync(bed.Hub.BaseAddress);
        var (page, context) = await browser.SignInAsync("sun.hao", TestIdentity.Password);
        await BrowserPages.ClickToPageAsync(page, page.Locator("header nav a", new() { HasText = "审计日志" }));
        Assert.EndsWith("/audit", page.Url, StringComparison.Ordinal);

        await page.FillAsync("input[name=record]", recordId);
        await BrowserPages.SubmitAsync(page, page.Locator("main button", new() { HasText = "查询" }));
        var rows = await page.Locator("main table tbody tr").AllInnerTextsAsync();
        Assert.Equal(2, rows.Count); // collected, accepted
        Assert.Contains(rows, r => r.Contains("record.accepted"));
        Assert.Contains(rows, r => r.Contains("record.collected"));

        await page.FillAsync("input[name=record]", "");
        await page.FillAsync("input[name=entity]", ExchangeRunTests.Employer);
        await BrowserPages.SubmitAsync(page, page.Locator("main button", new() { HasText = "查询" }));
        Assert.Equal(6, await page.Locator("main table tbody tr").CountAsync());

        // The export of the same filter, with the browser's sign-in: JSON lines an auditor verifies offline.
        var href = await page.Locator("main a", new() { HasText = "导出为 JSON Lines" }).GetAttributeAsync("href");
        var export = await context.APIRequest.GetAsync(href!);
        Assert.Equal(200, export.Status);
        var lines = (await export.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("\"checkpoint\""));
        Assert.Equal(6, lines.Count(l => l.Contains("\"entry\"")));

        await BrowserPages.SubmitAsync(page, page.Locator("main button", new() { HasText = "校验交换日志" }));
        Assert.Contains("完整，未发现篡改", await page.Locator(".notice").InnerTextAsync());

        // A browser without a date picker sends what was typed: a value that is not a date is named, nothing is searched
        // (it used to be dropped, and the whole log shown as if filtered), and the other fields keep their values.
        await page.Locator("input[name=since]").EvaluateAsync("e => e.type = 'text'");
        await page.FillAsync("input[name=since]", "2026-13-45");
        await page.FillAsync("input[name=entity]", ExchangeRunTests.Employer);
        await BrowserPages.SubmitAsync(page, page.Locator("main button", new() { HasText = "查询" }));
        Assert.StartsWith("开始日期“2026-13-45”不是有效的日期", await page.Locator(".error").InnerTextAsync());
        Assert.Equal(0, await page.Locator("main table").CountAsync());
        Assert.Equal(ExchangeRunTests.Employer, await page.InputValueAsync("input[name=entity]"));

        // Every search, the verification and the export are themselves in the operation log, under the auditor's name.
        var operations = await bed.QueryAsync(db => db.Set<AuditEntry>().AsNoTracking().Where(e => e.Chain == LogChain.Operation && e.Actor == "sun.hao").Select(e => e.Kind).ToListAsync());
        Assert.Equal(2, operations.Count(k => k == "audit.search"));
        Assert.Contains("audit.verify", operations);
        Assert.Contains("audit.export", operations);
        Assert.Empty(browser.CspViolations);
    }
}
