extern alias simulator;
using System.Net;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Platform;
using GanXian.CreditHub.Platform.Contract;
using Microsoft.Extensions.Time.Testing;
using static GanXian.CreditHub.IntegrationTests.Platform.SimulatedPlatform;

namespace GanXian.CreditHub.IntegrationTests.Platform;

/// <summary>The hub's client against the simulator: every endpoint and every code of PLATFORM-API.md.</summary>
public class PlatformContractTests
{
    [Fact]
    public async Task Serves_the_six_catalogues()
    {
        await using var p = Start();

        var catalogs = await p.Api.GetCatalogsAsync();

        Assert.Equal(["SHBX_JFXX", "SHBX_YZSX", "SXJL_HMD", "XYCN", "XZCF", "XZXK"], catalogs.Select(c => c.Code).Order());
        var qjje = catalogs.Single(c => c.Code == "SHBX_JFXX").Fields.Single(f => f.Code == "QJJE");
        Assert.Equal(("decimal", true, 2), (qjje.Type, qjje.Required, qjje.Scale));
        Assert.Contains("510", catalogs.Single(c => c.Code == "SHBX_JFXX").Fields.Single(f => f.Code == "XZLX").CodeList!);
    }

    [Fact]
    public async Task Accepts_a_record_with_the_canonical_content_hash_and_reads_it_back()
    {
        await using var p = Start();
        var data = SampleRecords.Contribution();

        var receipt = await p.Api.SubmitBatchAsync("SHBX_JFXX", Batch(Upsert("r-1", data)));

        var result = Assert.Single(receipt.Results);
        Assert.Equal(ReceiptResult.Accepted, result.Status);
        Assert.Equal(CanonicalJson.ContentHash(data), result.ContentHash);
        var held = await p.Api.GetRecordAsync("SHBX_JFXX", "r-1");
        Assert.Equal((PlatformRecord.Published, result.PlatformId, result.ContentHash), (held.Status, held.PlatformId, held.ContentHash));
    }

    [Fact]
    public async Task Upsert_replaces_and_withdraw_marks_withdrawn_keeping_the_platform_id()
    {
        await using var p = Start();
        var first = await p.Api.SubmitBatchAsync("SHBX_JFXX", Batch(Upsert("r-1", SampleRecords.Contribution(1))));
        var changed = SampleRecords.Contribution(2);

        var second = await p.Api.SubmitBatchAsync("SHBX_JFXX", Batch(Upsert("r-1", changed)));
        var third = await p.Api.SubmitBatchAsync("SHBX_JFXX", Batch(Withdraw("r-1")));

        Assert.Equal(first.Results[0].PlatformId, second.Results[0].PlatformId);
        Assert.Equal(CanonicalJson.ContentHash(changed), second.Results[0].ContentHash);
        Assert.Equal(ReceiptResult.Accepted, third.Results[0].Status);
        var held = await p.Api.GetRecordAsync("SHBX_JFXX", "r-1");
        Assert.Equal(PlatformRecord.Withdrawn, held.Status);
        Assert.Single(p.Sim.Records());
    }

    public static TheoryData<string, JsonObject, string, string?> Rejections()
    {
        var c = SampleRecords.Contribution();
        var b = SampleRecords.BlacklistPerson();
        return new()
        {
            { "SHBX_JFXX", c.Without("DWMC"), "REQUIRED", "DWMC" },
            { "SHBX_JFXX", c.With("BEIZHU", "x"), "UNKNOWN_FIELD", "BEIZHU" },
            { "SHBX_JFXX", c.With("CBRS", "11"), "INVALID_TYPE", "CBRS" },
            { "SHBX_JFXX", c.With("YJJE", "12000.00"), "INVALID_TYPE", "YJJE" },
            { "SHBX_JFXX", c.With("YJJE", 12000.001m).With("QJJE", 0.201m), "INVALID_TYPE", "YJJE" },
            { "SHBX_JFXX", c.With("DWMC", new string('企', 201)), "TOO_LONG", "DWMC" },
            { "SHBX_JFXX", c.With("XZLX", "999"), "NOT_IN_CODE_LIST", "XZLX" },
            { "SHBX_JFXX", c.With("TJRQ", "2026-02-30"), "INVALID_DATE", "TJRQ" },
            { "SHBX_JFXX", c.With("TYSHXYDM", "113607210000000198"), "INVALID_USCC", "TYSHXYDM" },
            { "SHBX_JFXX", c.With("QJJE", 0.30m), "RULE_VIOLATION", "QJJE" },
            { "SHBX_YZSX", b.With("ZJHM", "360721198001010010"), "INVALID_IDCARD", "ZJHM" },
            { "SHBX_YZSX", b.Without("ZJHM"), "REQUIRED", "ZJHM" },
            { "SHBX_YZSX", b.With("ZTLB", "法人及非法人组织"), "REQUIRED", "TYSHXYDM" },
        };
    }

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task Rejects_a_bad_record_with_field_and_code(string catalog, JsonObject data, string code, string? field)
    {
        await using var p = Start();

        var receipt = await p.Api.SubmitBatchAsync(catalog, Batch(Upsert("bad", data)));

        var result = Assert.Single(receipt.Results);
        Assert.Equal(ReceiptResult.Rejected, result.Status);
        Assert.Contains(result.Errors!, e => e.Code == code && e.Field == field);
        Assert.Empty(p.Sim.Records());
    }

    [Fact]
    public async Task A_valid_blacklist_person_is_accepted()
    {
        await using var p = Start();

        var receipt = await p.Api.SubmitBatchAsync("SHBX_YZSX", Batch(Upsert("b-1", SampleRecords.BlacklistPerson())));

        Assert.Equal(ReceiptResult.Accepted, Assert.Single(receipt.Results).Status);
    }

    [Fact]
    public async Task Answers_one_result_per_record_in_order_with_duplicates_and_unknown_withdrawals_rejected()
    {
        await using var p = Start();

        var receipt = await p.Api.SubmitBatchAsync("SHBX_JFXX", Batch(
            Upsert("a", SampleRecords.Contribution(1)), Withdraw("never-sent"), Upsert("a", SampleRecords.Contribution(2)), Upsert("b", SampleRecords.Contribution(3))));

        Assert.Equal(["a", "never-sent", "a", "b"], receipt.Results.Select(r => r.RecordId));
        Assert.Equal([ReceiptResult.Accepted, ReceiptResult.Rejected, ReceiptResult.Rejected, ReceiptResult.Accepted], receipt.Results.Select(r => r.Status));
        Assert.Equal("NOT_FOUND", receipt.Results[1].Errors!.Single().Code);
        Assert.Equal("DUPLICATE_IN_BATCH", receipt.Results[2].Errors!.Single().Code);
        Assert.Equal(CanonicalJson.ContentHash(SampleRecords.Contribution(1)), p.Sim.Find("SHBX_JFXX", "a")!.ContentHash);
    }

    [Fact]
    public async Task The_same_batch_again_returns_the_original_receipt_and_other_content_is_a_conflict()
    {
        await using var p = Start();
        var batch = Batch(Upsert("r-1", SampleRecords.Contribution(1)));
        var original = await p.Api.SubmitBatchAsync("SHBX_JFXX", batch);
        var updatedAt = p.Sim.Find("SHBX_JFXX", "r-1")!.UpdatedAt;

        var again = await p.Api.SubmitBatchAsync("SHBX_JFXX", batch);
        var ex = await Assert.ThrowsAsync<PlatformApiException>(() =>
            p.Api.SubmitBatchAsync("SHBX_JFXX", batch with { Records = [Upsert("r-1", SampleRecords.Contribution(2))] }));

        Assert.Equal(original.ReceivedAt, again.ReceivedAt);
        Assert.Equal(original.Results, again.Results);
        Assert.Equal(updatedAt, p.Sim.Find("SHBX_JFXX", "r-1")!.UpdatedAt);
        Assert.Equal((HttpStatusCode.Conflict, "BATCH_CONFLICT", false, true), (ex.Status, ex.Code, ex.IsTransient, ex.IsHubBug));
        Assert.NotNull(ex.TraceId);
    }

    [Fact]
    public async Task More_than_500_records_or_5_MiB_is_too_large()
    {
        await using var p = Start();
        var many = Enumerable.Range(0, 501).Select(i => Upsert($"r-{i}", SampleRecords.Contribution(i))).ToArray();
        var huge = SampleRecords.Contribution().With("SJLY", new string('x', 6 * 1024 * 1024));

        var tooMany = await Assert.ThrowsAsync<PlatformApiException>(() => p.Api.SubmitBatchAsync("SHBX_JFXX", Batch(many)));
        var tooBig = await Assert.ThrowsAsync<PlatformApiException>(() => p.Api.SubmitBatchAsync("SHBX_JFXX", Batch(Upsert("x", huge))));

        Assert.All([tooMany, tooBig], ex => Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "BATCH_TOO_LARGE", true, false), (ex.Status, ex.Code, ex.IsBatchTooLarge, ex.IsTransient)));
        Assert.Equal(0, p.Sim.Stats.Batches);
    }

    [Fact]
    public async Task Unknown_catalogue_unknown_record_and_malformed_batches()
    {
        await using var p = Start();

        var catalog = await Assert.ThrowsAsync<PlatformApiException>(() => p.Api.SubmitBatchAsync("NOPE", Batch(Withdraw("x"))));
        var catalogRead = await Assert.ThrowsAsync<PlatformApiException>(() => p.Api.GetRecordsAsync("NOPE"));
        var record = await Assert.ThrowsAsync<PlatformApiException>(() => p.Api.GetRecordAsync("XYCN", "nothing-here"));
        var badSource = await Assert.ThrowsAsync<PlatformApiException>(() =>
            p.Api.SubmitBatchAsync("XYCN", Batch(Withdraw("x")) with { SourceUnitUscc = "123" }));
        var badOp = await Assert.ThrowsAsync<PlatformApiException>(() => p.Api.SubmitBatchAsync("XYCN", Batch(new BatchRecord("x", "delete"))));

        Assert.Equal((HttpStatusCode.NotFound, "UNKNOWN_CATALOG"), (catalog.Status, catalog.Code));
        Assert.Equal("UNKNOWN_CATALOG", catalogRead.Code);
        Assert.Equal((HttpStatusCode.NotFound, "NOT_FOUND"), (record.Status, record.Code));
        Assert.All([badSource, badOp], ex => Assert.Equal((HttpStatusCode.BadRequest, "MALFORMED", false, true), (ex.Status, ex.Code, ex.IsTransient, ex.IsHubBug)));
    }

    [Fact]
    public async Task Pages_by_updatedSince_with_a_cursor_in_updatedAt_then_recordId_order()
    {
        await using var p = Start();
        var first = Enumerable.Range(0, 12).Select(i => Upsert($"a-{i:D2}", SampleRecords.Contribution(i))).ToArray();
        await p.Api.SubmitBatchAsync("SHBX_JFXX", Batch(first));
        var mark = p.Sim.Find("SHBX_JFXX", "a-00")!.UpdatedAt;
        await p.Api.SubmitBatchAsync("SHBX_JFXX", Batch(Enumerable.Range(0, 13).Select(i => Upsert($"b-{i:D2}", SampleRecords.Contribution(i))).ToArray()));

        var seen = new List<PlatformRecord>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await p.Api.GetRecordsAsync("SHBX_JFXX", cursor: cursor, limit: 10);
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);
        var later = await p.Api.GetRecordsAsync("SHBX_JFXX", updatedSince: mark.AddTicks(10), limit: 1000);

        Assert.Equal(3, pages);
        Assert.Equal(25, seen.Select(r => r.RecordId).Distinct().Count());
        Assert.Equal(seen.OrderBy(r => r.UpdatedAt).ThenBy(r => r.RecordId, StringComparer.Ordinal).Select(r => r.RecordId), seen.Select(r => r.RecordId));
        Assert.Equal(13, later.Items.Count);
        Assert.All(later.Items, r => Assert.StartsWith("b-", r.RecordId));
        Assert.Null(later.NextCursor);
    }

    [Fact]
    public async Task Feedback_is_listed_until_acknowledged()
    {
        await using var p = Start();
        var one = p.Sim.InjectFeedback("SHBX_JFXX", "r-1", "CROSS_CHECK_MISMATCH", "与市场监管部门登记信息不一致");
        p.Sim.InjectFeedback("SHBX_JFXX", "r-2", "CROSS_CHECK_MISMATCH", "单位名称不一致");
        p.Sim.InjectFeedback("XYCN", "c-1", "DUPLICATE_SUBJECT", "重复主体");

        var firstPage = await p.Api.GetFeedbackAsync(limit: 2);
        var secondPage = await p.Api.GetFeedbackAsync(cursor: firstPage.NextCursor, limit: 2);
        await p.Api.AcknowledgeFeedbackAsync(one.FeedbackId);
        var afterAck = await p.Api.GetFeedbackAsync();
        var unknown = await Assert.ThrowsAsync<PlatformApiException>(() => p.Api.AcknowledgeFeedbackAsync("FB-99999999"));

        Assert.Equal(["r-1", "r-2"], firstPage.Items.Select(f => f.RecordId));
        Assert.Equal("c-1", Assert.Single(secondPage.Items).RecordId);
        Assert.Null(secondPage.NextCursor);
        Assert.Equal(["r-2", "c-1"], afterAck.Items.Select(f => f.RecordId));
        Assert.Equal((HttpStatusCode.NotFound, "NOT_FOUND"), (unknown.Status, unknown.Code));
    }

    [Fact]
    public async Task A_wrong_secret_is_re_signed_once_then_surfaces_as_BAD_SIGNATURE()
    {
        await using var p = Start(client: new() { ["Platform:AppSecret"] = "not-the-secret" });

        var ex = await Assert.ThrowsAsync<PlatformApiException>(() => p.Api.GetCatalogsAsync());

        Assert.Equal((HttpStatusCode.Unauthorized, "BAD_SIGNATURE", true, false), (ex.Status, ex.Code, ex.IsAuthenticationFailure, ex.IsTransient));
        Assert.Equal(2, p.Sim.Stats.Unauthorized);
    }

    [Fact]
    public async Task A_clock_more_than_300_s_off_is_SIGNATURE_EXPIRED()
    {
        var skewed = new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddMinutes(-6));
        await using var p = Start(clientClock: skewed);

        var ex = await Assert.ThrowsAsync<PlatformApiException>(() => p.Api.GetCatalogsAsync());

        Assert.Equal("SIGNATURE_EXPIRED", ex.Code);
    }

    [Fact]
    public async Task A_replayed_request_is_NONCE_REUSED()
    {
        await using var p = Start();
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var nonce = Guid.NewGuid().ToString();
        var signature = RequestSignature.Sign(RequestSignature.HmacSha256, AppSecret,
            RequestSignature.StringToSign("GET", "/api/v1/catalogs", timestamp, nonce, []));
        using var http = new HttpClient { BaseAddress = new Uri(p.Sim.Url) };

        async Task<HttpResponseMessage> Send()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/catalogs");
            request.Headers.Add(RequestSignature.AppKeyHeader, AppKey);
            request.Headers.Add(RequestSignature.TimestampHeader, timestamp);
            request.Headers.Add(RequestSignature.NonceHeader, nonce);
            request.Headers.Add(RequestSignature.SignMethodHeader, RequestSignature.HmacSha256);
            request.Headers.Add(RequestSignature.SignatureHeader, signature);
            return await http.SendAsync(request);
        }

        using var first = await Send();
        using var replay = await Send();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Contains("\"NONCE_REUSED\"", await replay.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HMAC_SM3_is_accepted()
    {
        await using var p = Start(client: new() { ["Platform:SignMethod"] = RequestSignature.HmacSm3 });

        var catalogs = await p.Api.GetCatalogsAsync();

        Assert.NotEmpty(catalogs);
    }
}
