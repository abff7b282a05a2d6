using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using GanXian.CreditHub.IntegrationTests.Platform;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.IntegrationTests.Exchange;

public sealed class QuarantineEndpointTests
{
    private const string Code = ExchangeRunTests.Employer;
    private const string IdNumber = "36072119900101123X";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_officer_lists_corrects_and_resubmits_a_quarantined_record(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider);
        bed.WriteFile("a.csv", [$"{Code},110,202610,100", $"{Code},120,202610,{IdNumber}"]);
        await bed.RunAsync();
        using var client = bed.Hub.CreateClient().As("alice", Roles.Officer);

        var page = await client.GetFromJsonAsync<JsonObject>("/api/exchange/quarantine?catalog=SHBX_JFXX");
        Assert.Equal(1, page!["total"]!.GetValue<int>());
        var id = page["items"]![0]!["id"]!.GetValue<long>();
        var detail = await client.GetFromJsonAsync<JsonObject>($"/api/exchange/quarantine/{id}");
        Assert.Equal("YJJE", detail!["field"]!.GetValue<string>());
        Assert.Contains("360721********123X", detail.ToJsonString());
        Assert.DoesNotContain(IdNumber, detail.ToJsonString());

        var bad = await client.PutAsJsonAsync($"/api/exchange/quarantine/{id}/data", new { data = TestRules.Data(Code, "120", "202610", -1) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("应缴金额", await bad.Content.ReadAsStringAsync());

        var good = await client.PutAsJsonAsync($"/api/exchange/quarantine/{id}/data",
            new { data = TestRules.Data(Code, "120", "202610", 88.5m), note = "按原始凭证更正" });
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(RecordStates.Pending, (await good.Content.ReadFromJsonAsync<JsonObject>())!["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await client.PutAsJsonAsync($"/api/exchange/quarantine/{id}/data", new { data = new { } })).StatusCode);

        var resubmit = await client.PostAsync("/api/exchange/resubmit", null);
        Assert.Equal(HttpStatusCode.OK, resubmit.StatusCode);
        Assert.Equal(2, bed.Held().Count);
        Assert.Contains(await bed.AuditAsync(), e => e.Kind == "record.corrected" && e.Actor == "alice");
        Assert.Empty(await bed.QuarantineAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Personal_data_is_shown_only_with_the_permission_and_items_can_be_dismissed(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider);
        bed.WriteFile("a.csv", [$"{Code},120,202610,{IdNumber}"]);
        await bed.RunAsync();
        using var client = bed.Hub.CreateClient();
        client.DefaultRequestHeaders.Add(TestAuthentication.Header, $"bob;{Roles.Officer};{Roles.PersonalDataPermission}");
        var id = (await bed.QuarantineAsync()).Single().Id;

        Assert.Contains(IdNumber, await client.GetStringAsync($"/api/exchange/quarantine/{id}"));

        var dismiss = await client.PostAsJsonAsync($"/api/exchange/quarantine/{id}/dismiss", new { reason = "重复导出，已在下一期更正" });
        Assert.Equal(HttpStatusCode.NoContent, dismiss.StatusCode);
        Assert.Equal(QuarantineStatuses.Dismissed, (await bed.QuarantineAsync(null)).Single().Status);

        using var evaluator = bed.Hub.CreateClient().As("eve", Roles.Evaluator);
        Assert.Equal(HttpStatusCode.Forbidden, (await evaluator.GetAsync("/api/exchange/quarantine")).StatusCode);
    }

    [Fact]
    public async Task Requests_the_hub_cannot_bind_get_a_problem_that_says_why_and_a_dismissal_needs_no_body()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite);
        bed.WriteFile("a.csv", [$"{Code},120,202610,{IdNumber}"]);
        await bed.RunAsync();
        using var client = bed.Hub.CreateClient().As("alice", Roles.Officer);
        var id = (await bed.QuarantineAsync()).Single().Id;

        async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal((int)status, problem["status"]!.GetValue<int>());
            return problem;
        }

        var page = await ProblemAsync(await client.GetAsync("/api/exchange/quarantine?page=abc"), HttpStatusCode.BadRequest);
        Assert.Equal("请求无效", page["title"]!.GetValue<string>());
        Assert.Contains("page", page["detail"]!.GetValue<string>());
        var json = await ProblemAsync(await client.PutAsync($"/api/exchange/quarantine/{id}/data", new StringContent("{bad", System.Text.Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest);
        Assert.Contains("JSON", json["detail"]!.GetValue<string>());
        var type = await ProblemAsync(await client.PutAsync($"/api/exchange/quarantine/{id}/data", new StringContent("{}", System.Text.Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", type["title"]!.GetValue<string>());
        await ProblemAsync(await client.GetAsync("/api/exchange/no-such-thing"), HttpStatusCode.NotFound);
        // A value that is an ID number is masked in the reason (and in the log).
        var masked = await ProblemAsync(await client.GetAsync($"/api/exchange/quarantine?pageSize={IdNumber}"), HttpStatusCode.BadRequest);
        Assert.DoesNotContain(IdNumber, masked.ToJsonString());

        using var anonymous = bed.Hub.CreateClient();
        await ProblemAsync(await anonymous.GetAsync("/api/exchange/quarantine"), HttpStatusCode.Unauthorized);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/exchange/quarantine/{id}/dismiss", null)).StatusCode);
        Assert.Equal(QuarantineStatuses.Dismissed, (await bed.QuarantineAsync(null)).Single().Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_correction_may_give_one_field_as_an_export_writes_it_and_a_field_the_catalogue_lacks_is_refused(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider);
        bed.WriteFile("a.csv", [$"{Code},110,202610,-5"]);
        await bed.RunAsync();
        using var client = bed.Hub.CreateClient().As("alice", Roles.Officer);
        var id = (await bed.QuarantineAsync()).Single().Id;

        // The platform would refuse the whole record for FOO (UNKNOWN_FIELD); the hub says so before anything is sent.
        var unknown = await client.PutAsJsonAsync($"/api/exchange/quarantine/{id}/data", new { data = TestRules.Data(Code, "110", "202610", 5m).With("FOO", 1) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        var issue = (await unknown.Content.ReadFromJsonAsync<JsonObject>())!["issues"]![0]!;
        Assert.Equal("UNKNOWN_FIELD", issue["rule"]!.GetValue<string>());
        Assert.Contains("没有字段 FOO", issue["message"]!.GetValue<string>());
        Assert.Equal(QuarantineStatuses.Open, (await bed.QuarantineAsync()).Single().Status);

        // Only the wrong fields, written as in an export: amounts with a thousands separator, a date with slashes. The
        // client's serializer writes the codes in camel case (yjje).
        var patch = await client.PatchAsJsonAsync($"/api/exchange/quarantine/{id}/data",
            new { data = new { YJJE = "1,234.50", SJJE = "1,234.50", TJRQ = "2026/11/29" }, note = "按缴费凭证更正" });
        Assert.True(patch.StatusCode == HttpStatusCode.OK, await patch.Content.ReadAsStringAsync());
        var data = JsonNode.Parse(await bed.QueryAsync(db => db.Set<ExchangeRecord>().Select(r => r.Data).SingleAsync()))!;
        Assert.Equal(1234.50m, data["YJJE"]!.GetValue<decimal>());
        Assert.Equal("2026-11-29", data["TJRQ"]!.GetValue<string>());
        Assert.Equal("赣州市示例企业有限公司", data["DWMC"]!.GetValue<string>());
        Assert.Equal(12, data["CBRS"]!.GetValue<int>());

        await client.PostAsync("/api/exchange/resubmit", null);
        Assert.Single(bed.Held());
    }

    [Fact]
    public async Task Clients_may_send_the_fields_themselves_as_a_merge_patch_or_the_whole_record()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite);
        bed.WriteFile("a.csv", [$"{Code},110,202610,-5", $"{Code},120,202610,-6"]);
        await bed.RunAsync();
        using var client = bed.Hub.CreateClient().As("alice", Roles.Officer);
        var ids = (await bed.QuarantineAsync()).Select(i => i.Id).Order().ToList();

        // RFC 7396: the body is the patch document itself, with its own media type; the note comes in the query.
        var patch = new StringContent("""{"YJJE": "5", "SJJE": "5"}""", System.Text.Encoding.UTF8, "application/merge-patch+json");
        var patched = await client.PatchAsync($"/api/exchange/quarantine/{ids[0]}/data?note=按凭证更正", patch);
        Assert.True(patched.StatusCode == HttpStatusCode.OK, await patched.Content.ReadAsStringAsync());

        // PUT to …/data with the record as the body, without the {"data": …} wrapper.
        var put = await client.PutAsJsonAsync($"/api/exchange/quarantine/{ids[1]}/data", TestRules.Data(Code, "120", "202610", 6m));
        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());

        var corrected = await bed.AuditAsync();
        Assert.Equal(2, corrected.Count(e => e.Kind == "record.corrected" && e.Actor == "alice"));
        Assert.Contains(await bed.QuarantineAsync(null), i => i.Id == ids[0] && i.Note == "按凭证更正");
        await client.PostAsync("/api/exchange/resubmit", null);
        Assert.Equal(2, bed.Held().Count);
    }

    [Fact]
    public async Task A_filter_the_hub_does_not_know_is_refused_rather_than_ignored()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite);
        bed.WriteFile("a.csv", [$"{Code},120,202610,{IdNumber}"]);
        await bed.RunAsync();
        using var client = bed.Hub.CreateClient().As("alice", Roles.Officer);

        async Task<string> RefusedAsync(string query)
        {
            var response = await client.GetAsync("/api/exchange/quarantine?" + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>();
        }

        Assert.Contains("“recordid_”", await RefusedAsync("recordid_=x"));
        Assert.Contains("recordId", await RefusedAsync("record=x"));
        Assert.Contains("open", await RefusedAsync("status=offen"));
        Assert.Contains("validation", await RefusedAsync("kind=invalid"));

        // Names and codes are matched regardless of case; a cache buster is let through.
        var page = await client.GetFromJsonAsync<JsonObject>("/api/exchange/quarantine?Status=OPEN&catalog=shbx_jfxx&_=1733");
        Assert.Equal(1, page!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_quarantine_exports_as_csv_for_excel_with_id_numbers_masked()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Postgres);
        // A file name with a comma, and one that starts as a formula would: a cell from the inbox cannot run in Excel.
        bed.WriteFile("=a,b.csv", [$"{Code},110,202610,100", $"{Code},120,202610,{IdNumber}", $"{Code},130,202610,-5"]);
        await bed.RunAsync();
        using var client = bed.Hub.CreateClient().As("alice", Roles.Officer);

        var response = await client.GetAsync("/api/exchange/quarantine/export?catalog=SHBX_JFXX");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]); // Excel needs the BOM to read UTF-8
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', QuarantineExport.Columns), lines[0]);
        Assert.Equal(3, lines.Length); // the header and the two quarantined rows
        Assert.Contains(lines, l => l.Contains("\"'=a,b.csv\",3,YJJE") && l.Contains("360721********123X"));
        Assert.Contains(lines, l => l.Contains(",4,XZLX,UNKNOWN_CODE,") && l.Contains("应缴金额=-5"));
        Assert.DoesNotContain(IdNumber, string.Join("\n", lines));

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/exchange/quarantine/export?status=offen")).StatusCode);
        using var evaluator = bed.Hub.CreateClient().As("eve", Roles.Evaluator);
        Assert.Equal(HttpStatusCode.Forbidden, (await evaluator.GetAsync("/api/exchange/quarantine/export")).StatusCode);
    }
}
