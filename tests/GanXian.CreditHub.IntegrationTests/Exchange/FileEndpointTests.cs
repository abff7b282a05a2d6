using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;

namespace GanXian.CreditHub.IntegrationTests.Exchange;

/// <summary>An officer uploads an export into an inbox, as other HTTP clients send files, and follows what became of it.</summary>
public sealed class FileEndpointTests
{
    private const string Code = ExchangeRunTests.Employer;
    private const string Upload = "/api/exchange/sources/shbx-jfxx/files";

    private static byte[] Export(params string[] rows) =>
        Encoding.UTF8.GetBytes(string.Join("\r\n", [ExchangeTestBed.ExportHeader, .. rows.Select(ExchangeTestBed.Export)]) + "\r\n");

    private static MultipartFormDataContent Form(string fileName, byte[] bytes)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_uploaded_export_is_imported_and_sent_and_the_same_content_is_refused_after(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider);
        using var client = bed.Hub.CreateClient().As("alice", Roles.Officer);

        var bytes = Export($"{Code},110,202610,100", $"{Code},210,202610,-3");
        var response = await client.PostAsync(Upload + "?run=true", Form("缴费_202610.csv", bytes));
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToJsonString());
        Assert.Equal("缴费_202610.csv", body["fileName"]!.GetValue<string>());
        Assert.Contains("已导入：读取 2 条，有效 1 条，隔离 1 条", body["message"]!.GetValue<string>());
        // Read now: the message does not also say the file waits for the next run.
        Assert.StartsWith("文件 缴费_202610.csv 已放入数据来源 shbx-jfxx 的收件目录。文件 缴费_202610.csv 已导入", body["message"]!.GetValue<string>());
        Assert.Equal(1, body["run"]!["counts"]!["accepted"]!.GetValue<long>());
        Assert.Single(bed.Held());
        Assert.Contains(Directory.EnumerateFiles(bed.Archive, "*", SearchOption.AllDirectories), f => Path.GetFileName(f).StartsWith("缴费_202610", StringComparison.Ordinal));
        var logged = Assert.Single(await OperationLog.EntriesAsync(bed.Hub), e => e.Kind == "file.uploaded");
        Assert.Equal(("alice", ExchangeTestBed.Catalog), (logged.Actor, logged.Catalog));
        Assert.Equal(body["sha256"]!.GetValue<string>(), logged.PayloadHash);

        var files = (await client.GetFromJsonAsync<JsonObject>("/api/exchange/files?source=shbx-jfxx"))!;
        var file = Assert.Single(files["items"]!.AsArray())!;
        Assert.Equal(("archived", 2, 1), (file["outcome"]!.GetValue<string>(), file["read"]!.GetValue<int>(), file["quarantined"]!.GetValue<int>()));

        // The same bytes again, under another name: refused at once, naming the file processed before.
        var again = await client.PostAsync(Upload, Form("重发.csv", bytes));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("缴费_202610.csv", (await again.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>());
        Assert.Empty(Directory.EnumerateFileSystemEntries(bed.Inbox));
    }

    [Fact]
    public async Task A_raw_upload_waits_in_the_inbox_under_a_safe_name_until_the_next_run()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite);
        using var client = bed.Hub.CreateClient().As("alice", Roles.Officer);

        // A part file a crashed upload left a day ago is cleared; one being written now is not touched.
        Directory.CreateDirectory(bed.Inbox);
        var (abandoned, current) = (Path.Combine(bed.Inbox, ".upload-old.part"), Path.Combine(bed.Inbox, ".upload-now.part"));
        File.WriteAllText(abandoned, "half");
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddDays(-2));
        File.WriteAllText(current, "half");

        // curl --data-binary with the name in the query; a client's folder (or a traversal attempt) is dropped.
        var raw = new ByteArrayContent(Export($"{Code},110,202610,100"));
        raw.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var stored = await client.PostAsync(Upload + "?name=" + Uri.EscapeDataString(@"..\..\C:\导出\a.csv"), raw);
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        Assert.Equal("a.csv", (await stored.Content.ReadFromJsonAsync<JsonObject>())!["fileName"]!.GetValue<string>());

        // The name from Content-Disposition, as browsers' and PowerShell's clients send it; taken, so numbered.
        var other = new ByteArrayContent(Export($"{Code},120,202610,200"));
        other.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = "a.csv" };
        var numbered = await client.PostAsync(Upload, other);
        Assert.Equal("a（2）.csv", (await numbered.Content.ReadFromJsonAsync<JsonObject>())!["fileName"]!.GetValue<string>());

        var inbox = (await client.GetFromJsonAsync<JsonArray>("/api/exchange/inbox"))!;
        var waiting = inbox.Single(s => s!["source"]!.GetValue<string>() == "shbx-jfxx")!["waiting"]!.AsArray();
        Assert.Equal(["a.csv", "a（2）.csv"], waiting.Select(w => w!["fileName"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal([".upload-now.part", "a.csv", "a（2）.csv"], Directory.EnumerateFiles(bed.Inbox).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(bed.Held());

        await bed.RunAsync();
        Assert.Equal(2, bed.Held().Count);
    }

    [Fact]
    public async Task Bad_uploads_are_refused_with_the_reason_and_leave_nothing_behind()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite, c => c["Exchange:MaxUploadBytes"] = "2048");
        using var client = bed.Hub.CreateClient().As("alice", Roles.Officer);

        async Task<(HttpStatusCode, string)> Post(string url, HttpContent content)
        {
            var r = await client.PostAsync(url, content);
            return (r.StatusCode, (await r.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>());
        }

        var (status, message) = await Post(Upload, Form("说明.pdf", Export($"{Code},110,202610,1")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("只能上传", message);
        (status, message) = await Post(Upload, Form("~$缴费.xlsx", Export($"{Code},110,202610,1")));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, true), (status, message.Contains("Office 临时文件", StringComparison.Ordinal)));
        (status, message) = await Post(Upload, Form("空.csv", []));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, true), (status, message.Contains("空文件", StringComparison.Ordinal)));
        (status, message) = await Post(Upload, new ByteArrayContent(Export($"{Code},110,202610,1")));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, true), (status, message.Contains("缺少文件名", StringComparison.Ordinal)));
        // 80 Chinese characters are 240 bytes: stored, the file could never be moved out of the inbox with its note.
        (status, message) = await Post(Upload, Form(new string('赣', 80) + ".csv", Export($"{Code},110,202610,1")));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, true), (status, message.Contains("文件名过长（244 字节，最多 200 字节", StringComparison.Ordinal)));
        (status, message) = await Post("/api/exchange/sources/no-such/files?name=a.csv", new ByteArrayContent(Export($"{Code},110,202610,1")));
        Assert.Equal((HttpStatusCode.NotFound, true), (status, message.Contains("no-such", StringComparison.Ordinal)));

        var big = Export([.. Enumerable.Range(0, 40).Select(i => $"{Code},110,2026{i % 12 + 1:00},{i}")]);
        Assert.True(big.Length > 2048);
        (status, message) = await Post(Upload + "?name=big.csv", new ByteArrayContent(big));
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, true), (status, message.Contains("上传上限", StringComparison.Ordinal)));
        (status, _) = await Post(Upload, Form("big.csv", big));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);

        Assert.False(Directory.Exists(bed.Inbox) && Directory.EnumerateFileSystemEntries(bed.Inbox).Any());
        Assert.DoesNotContain(await OperationLog.EntriesAsync(bed.Hub), e => e.Kind == "file.uploaded");
    }

    [Fact]
    public async Task Multipart_bodies_the_hub_cannot_read_are_400_and_forms_that_cannot_carry_a_file_415()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite);
        using var client = bed.Hub.CreateClient().As("alice", Roles.Officer);

        async Task<JsonObject> Refused(string contentType, string body, HttpStatusCode status)
        {
            // Raw requests: HttpClient's own multipart content always writes a boundary and a complete body.
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            var response = await client.PostAsync(Upload, content);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"{contentType}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(text)!.AsObject();
            Assert.Equal(((int)status, "Invalid"), (problem["status"]!.GetValue<int>(), problem["outcome"]!.GetValue<string>()));
            return problem;
        }

        var part = $"--b1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\n{ExchangeTestBed.ExportHeader}\r\n";
        var noBoundary = await Refused("multipart/form-data", part + "--b1--\r\n", HttpStatusCode.BadRequest);
        Assert.Contains("缺少 boundary", noBoundary["detail"]!.GetValue<string>());
        var cut = await Refused("multipart/form-data; boundary=b1", part, HttpStatusCode.BadRequest);
        Assert.Contains("请求体不完整", cut["detail"]!.GetValue<string>());
        Assert.Equal("请求无效", cut["title"]!.GetValue<string>());

        var urlEncoded = await Refused("application/x-www-form-urlencoded", "file=a.csv", HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("multipart/form-data", urlEncoded["detail"]!.GetValue<string>());
        Assert.DoesNotContain("application/json", urlEncoded["title"]!.GetValue<string>());
        await Refused("multipart/mixed; boundary=b1", part + "--b1--\r\n", HttpStatusCode.UnsupportedMediaType);

        // Raw bytes stay accepted in any other content type; a refused upload is a problem with the upload's fields.
        var json = await Refused("application/json", "{}", HttpStatusCode.UnprocessableEntity);
        Assert.Contains("缺少文件名", json["message"]!.GetValue<string>());
        Assert.False(Directory.Exists(bed.Inbox) && Directory.EnumerateFiles(bed.Inbox).Any());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Content_already_waiting_in_the_inbox_is_refused_even_when_uploaded_twice_at_once(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider);
        using var client = bed.Hub.CreateClient().As("alice", Roles.Officer);

        // The same bytes from several officers at the same moment: one is stored, the others refused.
        var bytes = Export($"{Code},110,202610,100");
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => client.PostAsync(Upload, Form($"并发{i}.csv", bytes))));
        var statuses = answers.Select(a => a.StatusCode).ToList();
        Assert.True(statuses.Count(s => s == HttpStatusCode.Created) == 1, string.Join(", ", statuses));
        Assert.All(statuses.Where(s => s != HttpStatusCode.Created), s => Assert.Equal(HttpStatusCode.Conflict, s));
        var stored = Assert.Single(Directory.EnumerateFiles(bed.Inbox).Select(Path.GetFileName));

        // Later, before any run: refused naming the waiting file, as a file dropped there by the source system would be.
        var again = await client.PostAsync(Upload, Form("再传.csv", bytes));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = (await again.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("AlreadyWaiting", problem["outcome"]!.GetValue<string>());
        Assert.Contains($"等待处理的文件 {stored}", problem["detail"]!.GetValue<string>());
        var dropped = Export($"{Code},120,202610,200");
        File.WriteAllBytes(Path.Combine(bed.Inbox, "直接放入.csv"), dropped);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync(Upload, Form("b.csv", dropped))).StatusCode);

        // Other content of the very same length is not the same file.
        var sameLength = Export($"{Code},130,202610,300");
        Assert.Equal(dropped.Length, sameLength.Length);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Upload, Form("c.csv", sameLength))).StatusCode);
        Assert.Equal(3, Directory.EnumerateFiles(bed.Inbox).Count());
        Assert.Equal(2, (await OperationLog.EntriesAsync(bed.Hub)).Count(e => e.Kind == "file.uploaded"));
    }

    [Fact]
    public async Task A_file_named_after_a_person_is_listed_with_the_id_masked_unless_the_reader_may_see_it()
    {
        const string id = "360721198506123015";
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite);
        bed.WriteFile($"个体户{id}.csv", [$"{Code},110,202610,100"]);
        using var officer = bed.Hub.CreateClient().As("alice", Roles.Officer);
        using var permitted = bed.Hub.CreateClient();
        permitted.DefaultRequestHeaders.Add(TestAuthentication.Header, $"bob;{Roles.Officer};{Roles.PersonalDataPermission}");

        var waiting = await officer.GetStringAsync("/api/exchange/inbox");
        Assert.DoesNotContain(id, waiting);
        Assert.Contains("个体户360721********3015.csv", waiting);
        Assert.Contains(id, await permitted.GetStringAsync("/api/exchange/inbox"));

        await bed.RunAsync();
        var files = await officer.GetStringAsync("/api/exchange/files");
        Assert.DoesNotContain(id, files);
        Assert.Contains("个体户360721********3015.csv", files);
        Assert.DoesNotContain(id, await officer.GetStringAsync("/exchange/files"));
        Assert.Contains(id, await permitted.GetStringAsync("/api/exchange/files"));
        var refused = await officer.GetAsync($"/api/exchange/files?outcome={id}");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.DoesNotContain(id, await refused.Content.ReadAsStringAsync());
    }
}
