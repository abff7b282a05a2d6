using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.IntegrationTests.AuditLog;

public sealed class AuditApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Auditors_search_by_entity_record_batch_state_and_time_and_each_search_is_logged(DatabaseProvider provider)
    {
        var (started, _) = await AuditFixture.StartHubAsync(provider, builder: TestAuthentication.Add);
        await using var hub = started;
        await using (var scope = hub.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CreditHubDbContext>();
            var log = scope.ServiceProvider.GetRequiredService<IAuditLog>();
            await log.AppendAsync(db, AuditLogWriterTests.Events(LogChain.Exchange, 120, "b-1"), default);
            await log.AppendAsync(db,
            [
                new LogEvent { Chain = LogChain.Exchange, Kind = "record.accepted", Actor = "system:exchange", EntityKey = "360704********123X", RecordId = "p-1", BatchId = "b-2", State = "accepted" },
                new LogEvent { Chain = LogChain.Exchange, Kind = "record.rejected", Actor = "system:exchange", EntityKey = "91360704MA35XXXX0A", RecordId = "p-2", BatchId = "b-2", State = "rejected" },
            ], default);
        }

        using var client = hub.CreateClient().As("ann", Roles.Auditor);

        var page1 = await GetPageAsync(client, "/api/audit/entries?batchId=b-1&pageSize=50");
        Assert.Equal(50, page1.Items.Count);
        Assert.True(page1.HasMore);
        Assert.Equal(120, page1.Items[0].Seq); // newest first
        var page3 = await GetPageAsync(client, "/api/audit/entries?batchId=b-1&pageSize=50&page=3");
        Assert.Equal(20, page3.Items.Count);
        Assert.False(page3.HasMore);

        // A full ID number is searched in its masked form, the only form the log holds.
        var person = await GetPageAsync(client, "/api/audit/entries?entityKey=36070419900101123X");
        Assert.Equal("p-1", Assert.Single(person.Items).RecordId);
        Assert.Equal("p-2", Assert.Single((await GetPageAsync(client, "/api/audit/entries?state=rejected")).Items).RecordId);
        Assert.Equal("r-7", Assert.Single((await GetPageAsync(client, "/api/audit/entries?recordId=r-7")).Items).RecordId);
        Assert.Equal(2, (await GetPageAsync(client, "/api/audit/entries?batchId=b-2&kind=record.accepted&pageSize=5")).Items.Count
                        + (await GetPageAsync(client, "/api/audit/entries?batchId=b-2&kind=record.rejected")).Items.Count);
        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        Assert.Empty((await GetPageAsync(client, $"/api/audit/entries?from={future}")).Items);

        // Who looked is on the operation chain, without the full ID number.
        var searches = await GetPageAsync(client, "/api/audit/entries?chain=operation&kind=audit.search&pageSize=100");
        Assert.True(searches.Items.Count >= 7);
        Assert.All(searches.Items, e => Assert.Equal("ann", e.Actor));
        Assert.Contains(searches.Items, e => e.EntityKey == "360704********123X");
        Assert.DoesNotContain(searches.Items, e => (e.Detail ?? "").Contains("36070419900101123X"));

        // Who did what: by actor, on either chain.
        var byExchange = await GetPageAsync(client, "/api/audit/entries?actor=system:exchange&batch=b-2");
        Assert.Equal(["p-1", "p-2"], byExchange.Items.Select(e => e.RecordId).Order());
        var byAnn = await GetPageAsync(client, "/api/audit/entries?chain=operation&actor=ann&pageSize=100");
        Assert.Equal(searches.Items.Count + 2, byAnn.Items.Count); // the two searches since, this one included, are logged too
        Assert.Empty((await GetPageAsync(client, "/api/audit/entries?chain=operation&actor=bob")).Items);

        // The CLI's names work too, states and kinds in any case; a name the API does not know is refused, not ignored
        // (it used to answer with the unfiltered log).
        Assert.Equal("p-1", Assert.Single((await GetPageAsync(client, "/api/audit/entries?entity=36070419900101123X")).Items).RecordId);
        var rejected = Assert.Single((await GetPageAsync(client, "/api/audit/entries?State=REJECTED&kind=Record.Rejected")).Items);
        Assert.Equal("p-2", rejected.RecordId);
        // A date is a business day in Asia/Shanghai, and as the end it includes that day.
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(rejected.OccurredAt, GanXian.CreditHub.Hosting.BusinessTime.Zone).DateTime);
        Assert.Equal(2, (await GetPageAsync(client, $"/api/audit/entries?batch=b-2&since={day:yyyy-MM-dd}&until={day:yyyy-MM-dd}")).Items.Count);
        Assert.Empty((await GetPageAsync(client, $"/api/audit/entries?batch=b-2&until={day.AddDays(-1):yyyy-MM-dd}")).Items);
        var unknown = await client.GetAsync("/api/audit/entries?entityCode=91360704MA35XXXX0A");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("entityKey", await unknown.Content.ReadAsStringAsync());
        var badTime = await client.GetAsync("/api/audit/entries?since=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, badTime.StatusCode);
        Assert.Contains("since", await badTime.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/audit/entries?entityKey=a&entity=b")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/audit/entries?chain=nope")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/audit/entries?pageSize=10000")).StatusCode);
    }

    [Fact]
    public async Task Only_auditors_reach_the_log_and_verify_and_export_work_over_http()
    {
        var (started, _) = await AuditFixture.StartHubAsync(DatabaseProvider.Postgres, builder: TestAuthentication.Add);
        await using var hub = started;
        await using (var scope = hub.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CreditHubDbContext>();
            await scope.ServiceProvider.GetRequiredService<IAuditLog>().AppendAsync(db, AuditLogWriterTests.Events(LogChain.Exchange, 30), default);
        }

        using var anonymous = hub.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/audit/entries")).StatusCode);
        using var officer = hub.CreateClient().As("olga", Roles.Officer, Roles.Administrator);
        foreach (var path in new[] { "/api/audit/entries", "/api/audit/verify", "/api/audit/export", "/api/audit/public-key" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync(path)).StatusCode);
        }

        using var auditor = hub.CreateClient().As("ann", Roles.Auditor);
        var export = await auditor.GetAsync("/api/audit/export?chain=exchange");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/x-ndjson", export.Content.Headers.ContentType?.MediaType);
        var pem = await auditor.GetStringAsync("/api/audit/public-key");
        var offline = await AuditExportVerifier.VerifyAsync(await export.Content.ReadAsStreamAsync(), pem, default);
        Assert.True(offline.Ok, AuditReportText.Full(offline));
        Assert.Equal(30, offline.Checked);

        using var verify = JsonDocument.Parse(await auditor.GetStringAsync("/api/audit/verify?chain=exchange"));
        Assert.True(verify.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(30, verify.RootElement.GetProperty("checked").GetInt64());
        Assert.Equal(30, verify.RootElement.GetProperty("lastSignedSeq").GetInt64());
        using var range = JsonDocument.Parse(await auditor.GetStringAsync("/api/audit/verify?chain=exchange&fromSeq=11&toSeq=20"));
        Assert.Equal(10, range.RootElement.GetProperty("checked").GetInt64());
        using var last = JsonDocument.Parse(await auditor.GetStringAsync("/api/audit/verify?from=30"));
        Assert.Equal((true, 1), (last.RootElement.GetProperty("ok").GetBoolean(), last.RootElement.GetProperty("checked").GetInt32()));

        // A range that cannot be verified is the client's mistake, not a finding about the log.
        foreach (var (query, reason) in new[] { ("from=31", "超出交换日志的末尾（最后一条为第 30 号）"), ("from=20&to=10", "起始序号 20 大于结束序号 10") })
        {
            var refused = await auditor.GetAsync("/api/audit/verify?" + query);
            Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (refused.StatusCode, refused.Content.Headers.ContentType?.MediaType));
            Assert.Contains(reason, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }

        await using var check = hub.Services.CreateAsyncScope();
        var kinds = await check.ServiceProvider.GetRequiredService<CreditHubDbContext>().Set<AuditEntry>()
            .Where(e => e.Chain == LogChain.Operation).Select(e => e.Kind).ToListAsync();
        Assert.Contains("audit.export", kinds);
        Assert.Contains("audit.verify", kinds);
    }

    [Fact]
    public async Task A_head_request_answers_as_the_get_would_without_searching_signing_or_logging_an_access()
    {
        var (started, _) = await AuditFixture.StartHubAsync(DatabaseProvider.Sqlite, builder: TestAuthentication.Add);
        await using var hub = started;
        await using (var scope = hub.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CreditHubDbContext>();
            await scope.ServiceProvider.GetRequiredService<IAuditLog>().AppendAsync(db, AuditLogWriterTests.Events(LogChain.Exchange, 5), default);
        }

        async Task<(int Entries, int Checkpoints)> CountAsync()
        {
            await using var scope = hub.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditHubDbContext>();
            return (await db.Set<AuditEntry>().CountAsync(e => e.Chain == LogChain.Operation), await db.Set<AuditCheckpoint>().CountAsync());
        }

        using var auditor = hub.CreateClient().As("ann", Roles.Auditor);
        var before = await CountAsync();
        foreach (var (url, type) in new[]
                 {
                     ("/api/audit/entries?batchId=b-1", "application/json"), ("/api/audit/export?chain=exchange", "application/x-ndjson"),
                     ("/api/audit/verify", "application/json"), ("/audit?chain=exchange", "text/html"),
                 })
        {
            using var head = await auditor.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
            Assert.Equal((HttpStatusCode.OK, type), (head.StatusCode, head.Content.Headers.ContentType?.MediaType));
        }

        using var refused = await auditor.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/audit/export?chain=nope"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(before, await CountAsync());

        // The GET itself is still logged (and the export signs the head).
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/api/audit/export?chain=exchange")).StatusCode);
        var after = await CountAsync();
        Assert.True(after.Entries > before.Entries && after.Checkpoints > before.Checkpoints);
    }

    private static async Task<AuditSearchPage> GetPageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AuditSearchPage>())!;
    }
}
