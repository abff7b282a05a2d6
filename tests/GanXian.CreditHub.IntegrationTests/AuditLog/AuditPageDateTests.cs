using System.Net;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.IntegrationTests.AuditLog;

/// <summary>The audit page's date fields as HTML (no browser), on a log of 5 exchange entries.</summary>
public sealed class AuditPageDateTests
{
    /// <summary>
    /// An auditor who typed the date field's first or last date (0001-01-01 "from the beginning", 9999-12-31 "for ever")
    /// got a 500: the start of 0001-01-01 in Asia/Shanghai is in year 0, and the day after 9999-12-31 does not exist.
    /// </summary>
    [Fact]
    public async Task The_audit_page_reads_the_first_and_last_dates_a_date_field_can_send_as_no_bound()
    {
        var (hub, auditor) = await StartAsync();
        await using var _ = hub;
        using var __ = auditor;
        foreach (var range in new[] { "since=0001-01-01", "until=9999-12-31", "since=0001-01-01&until=9999-12-31" })
        {
            var response = await auditor.GetAsync($"/audit?chain=exchange&{range}");
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{range}: {(int)response.StatusCode}");
            Assert.Contains("第 1 页，5 条", html);
            Assert.Contains("href=\"/api/audit/export?chain=exchange\"", html);
        }
    }

    /// <summary>
    /// A date that is not one (typed into the address, or free text from a browser without a date picker) was dropped:
    /// the page searched the whole log, and the auditor read it as the filtered result.
    /// </summary>
    [Fact]
    public async Task A_date_that_is_not_one_is_named_in_chinese_and_nothing_is_searched()
    {
        var (hub, auditor) = await StartAsync();
        await using var _ = hub;
        using var __ = auditor;
        foreach (var (query, expected) in new[]
                 {
                     ("since=2026-13-45", "开始日期“2026-13-45”不是有效的日期"),
                     ("since=abc", "开始日期“abc”不是有效的日期"),
                     ("until=2026-02-30", "结束日期“2026-02-30”不是有效的日期"),
                     ("since=yesterday&until=36070419900101123X", "开始日期“yesterday”不是有效的日期；结束日期“360704********123X”不是有效的日期"),
                 })
        {
            var response = await auditor.GetAsync($"/audit?chain=exchange&actor=system%3Atest&{query}");
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode}");
            Assert.Contains(expected, html);
            Assert.Contains("未执行查询", html);
            Assert.DoesNotContain("<table>", html); // no result list, and no export link of a filter that was not applied
            Assert.DoesNotContain("/api/audit/export", html);
            Assert.Contains("name=\"actor\" value=\"system:test\"", html); // the rest of the form is kept
            Assert.DoesNotMatch("日期“36070419900101123X”", html); // the message masks a pasted ID number
        }

        Assert.Equal(0, await SearchesAsync(hub));

        // The shapes the CLI reads are dates here too; the date picker gets them back as yyyy-MM-dd.
        var valid = await auditor.GetStringAsync("/audit?chain=exchange&since=2000/1/1&until=9999-12-31");
        Assert.Contains("第 1 页，5 条", valid);
        Assert.Contains("name=\"since\" value=\"2000-01-01\"", valid);
        Assert.Equal(1, await SearchesAsync(hub));
    }

    private static async Task<(TestHub Hub, HttpClient Auditor)> StartAsync()
    {
        var (hub, _) = await AuditFixture.StartHubAsync(DatabaseProvider.Sqlite, builder: TestAuthentication.Add);
        await using (var scope = hub.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CreditHubDbContext>();
            await scope.ServiceProvider.GetRequiredService<IAuditLog>().AppendAsync(db, AuditLogWriterTests.Events(LogChain.Exchange, 5), default);
        }

        return (hub, hub.CreateClient().As("ann", Roles.Auditor));
    }

    private static async Task<int> SearchesAsync(TestHub hub)
    {
        await using var scope = hub.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CreditHubDbContext>().Set<AuditEntry>()
            .CountAsync(e => e.Chain == LogChain.Operation && e.Kind == "audit.search");
    }
}
