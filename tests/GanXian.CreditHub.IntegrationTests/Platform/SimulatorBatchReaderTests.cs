extern alias simulator;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Platform.Contract;
using simulator::GanXian.CreditHub.PlatformSimulator;
using simulator::GanXian.CreditHub.PlatformSimulator.Catalogs;
using SimCanonicalJson = simulator::GanXian.CreditHub.Platform.Contract.CanonicalJson;

namespace GanXian.CreditHub.IntegrationTests.Platform;

/// <summary>
/// The simulator's fast batch reader (no JSON DOM) against its general path (the contract's deserializer): for every
/// body both can read, each record must come out with the same errors and the same content hash; every other body
/// must be left to the general path.
/// </summary>
public class SimulatorBatchReaderTests
{
    private static readonly FieldKeys Jfxx = CatalogStore.Load().KeysByCode["SHBX_JFXX"];
    private static readonly FieldKeys Yzsx = CatalogStore.Load().KeysByCode["SHBX_YZSX"];

    /// <summary>Records of every kind: valid, spoilt in each way the validator knows, odd strings and numbers.</summary>
    private static List<JsonObject> Variants(JsonObject good, Random random)
    {
        var list = new List<JsonObject>
        {
            good, good.Without("DWMC"), good.With("BEIZHU", "x"), good.With("CBRS", "11"), good.With("CBRS", 1.5m), good.With("CBRS", -3),
            good.With("YJJE", "12000.00"), good.With("YJJE", 12000.001m).With("QJJE", 0.201m), good.With("DWMC", new string('企', 201)),
            good.With("DWMC", ""), good.With("XZLX", "999"), good.With("TJRQ", "2026-02-30"), good.With("TJRQ", "2026-2-3"),
            good.With("TYSHXYDM", "113607210000000198"), good.With("TYSHXYDM", "11360721000000019"), good.With("QJJE", 0.30m),
            good.With("FKSSQ", "2026"), good.With("FKSSQ", "202613"), good.With("FKSSQ", "２０２６１１"),
            good.With("DWMC", "引号\"反斜杠\\换行\n制表\t控制\u0001 <&>'+` \u2028 \ud83d\ude00 é"),
            good.With("SJLY", "  前后空格  "), good.With("CBRS", true), good.With("JFZT", false),
        };
        var nulled = (JsonObject)good.DeepClone();
        nulled["DWMC"] = null;
        list.Add(nulled);
        foreach (var raw in new[] { "1e2", "1E+2", "-0", "0.10", "0.000", "12345678901234567890123456789", "1e-30", "79228162514264337593543950336", "-12.50" })
        {
            var spoilt = (JsonObject)good.DeepClone();
            spoilt["YJJE"] = JsonNode.Parse(raw);
            spoilt["CBRS"] = JsonNode.Parse(raw);
            list.Add(spoilt);
        }

        // Random valid amounts, so the canonical numbers of many decimals are compared.
        for (var i = 0; i < 200; i++)
        {
            var due = Math.Round((decimal)(random.NextDouble() * 1_000_000), random.Next(0, 3));
            var paid = Math.Round(due * (decimal)random.NextDouble(), 2);
            list.Add(good.With("YJJE", due).With("SJJE", paid).With("QJJE", due - paid).With("CBRS", random.Next(0, 5000)));
        }

        return list;
    }

    public static TheoryData<string> Encoders() => ["escaped", "relaxed"];

    [Theory]
    [MemberData(nameof(Encoders))]
    public void Both_paths_give_every_record_the_same_errors_and_content_hash(string encoder)
    {
        var random = new Random(7);
        var records = Variants(SampleRecords.Contribution(), random).Select((d, i) => new BatchRecord($"r-{i}", BatchRecord.Upsert, d)).ToList();
        records.Add(new BatchRecord("r-0", BatchRecord.Upsert, SampleRecords.Contribution(9)));
        records.Add(new BatchRecord("w-1", BatchRecord.Withdraw, Reason: "信用修复"));
        records.Add(new BatchRecord("n-1", BatchRecord.Upsert));
        var body = Body(new BatchRequest("b-1", SampleRecords.Bureau, records), encoder);

        var fast = BatchReader.TryReadFast(body, Jfxx);
        var general = BatchReader.ReadGeneral(body);

        Assert.NotNull(fast);
        Assert.Equal((general.BatchId, general.SourceUnitUscc, general.Records!.Count), (fast.BatchId, fast.SourceUnitUscc, fast.Records!.Count));
        var a = SimulatorServer.Prepare("SHBX_JFXX", Jfxx, fast.Records, fast.Memo);
        var b = SimulatorServer.Prepare("SHBX_JFXX", Jfxx, general.Records);
        Assert.Equal(b.Count, a.Count);
        for (var i = 0; i < a.Count; i++)
        {
            Assert.Equal((b[i].RecordId, b[i].Op, b[i].ContentHash), (a[i].RecordId, a[i].Op, a[i].ContentHash));
            Assert.Equal(b[i].Errors ?? [], a[i].Errors ?? []);
        }

        Assert.Contains(a, p => p.ContentHash is not null);
        Assert.Contains(a, p => p.Errors is { Count: > 1 });
    }

    [Fact]
    public void The_content_hash_of_a_valid_record_is_the_canonical_one_whatever_the_key_order()
    {
        var data = SampleRecords.Contribution();
        var shuffled = new JsonObject(data.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        var body = Body(new BatchRequest("b-1", SampleRecords.Bureau, [new BatchRecord("r", BatchRecord.Upsert, shuffled)]), "escaped");

        var record = Assert.Single(BatchReader.TryReadFast(body, Jfxx)!.Records!)!;

        Assert.Null(RecordValidator.Validate("SHBX_JFXX", Jfxx, record.Data));
        Assert.Equal(CanonicalJson.ContentHash(data), CanonicalRecord.ContentHash(record.Data!));
        Assert.Equal(CanonicalJson.Encode(data), CanonicalRecord.Encode(record.Data!));
    }

    [Fact]
    public void Cross_field_rules_hold_on_the_fast_path_too()
    {
        var person = SampleRecords.BlacklistPerson();
        var body = Body(new BatchRequest("b-1", SampleRecords.Bureau,
            [new BatchRecord("a", BatchRecord.Upsert, person.Without("ZJHM")), new BatchRecord("b", BatchRecord.Upsert, person.With("ZTLB", "法人及非法人组织"))]), "escaped");

        var prepared = SimulatorServer.Prepare("SHBX_YZSX", Yzsx, BatchReader.TryReadFast(body, Yzsx)!.Records!);

        Assert.Contains(prepared[0].Errors!, e => (e.Code, e.Field) == ("REQUIRED", "ZJHM"));
        Assert.Contains(prepared[1].Errors!, e => (e.Code, e.Field) == ("REQUIRED", "TYSHXYDM"));
    }

    public static TheoryData<string> Unusual() =>
    [
        """{"BatchId":"b","sourceUnitUscc":"11360721014957209W","records":[]}""",
        """{"batchId":"b","sourceUnitUscc":"11360721014957209W","records":[],"extra":1}""",
        """{"batchId":"b","batchId":"c","sourceUnitUscc":"11360721014957209W","records":[]}""",
        """{"batchId":"b","sourceUnitUscc":"11360721014957209W","records":[{"recordId":"r","op":"upsert","data":{"DWMC":"a","DWMC":"b"}}]}""",
        """{"batchId":"b","sourceUnitUscc":"11360721014957209W","records":[{"recordId":"r","op":"upsert","data":{"DWMC":"a","\u0044WMC":"b"}}]}""",
        """{"batchId":"b","sourceUnitUscc":"11360721014957209W","records":[{"recordId":"r","op":"upsert","data":{"DWMC":{"x":1}}}]}""",
        """{"batchId":"b","sourceUnitUscc":"11360721014957209W","records":[{"recordId":"r","op":"upsert","data":{"DWMC":[1]}}]}""",
        """{"batchId":"b","sourceUnitUscc":"11360721014957209W","records":[{"recordId":1,"op":"upsert"}]}""",
        """{"batchId":"b","sourceUnitUscc":"11360721014957209W","records":[null]}""",
        """{"batchId":"b","sourceUnitUscc":"11360721014957209W","records":null}""",
        """{"batchId":null,"sourceUnitUscc":"11360721014957209W","records":[]}""",
        """{"b\u0061tchId":"b","sourceUnitUscc":"11360721014957209W","records":[]}""",
        """{"batchId":"b","sourceUnitUscc":"11360721014957209W","records":[]} trailing""",
        """{"batchId":"b","sourceUnitUscc":"11360721014957209W","records":[""",
        """[]""",
        """null""",
    ];

    [Theory]
    [MemberData(nameof(Unusual))]
    public void A_body_outside_the_plain_shape_is_left_to_the_general_path(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);

        Assert.Null(BatchReader.TryReadFast(body, Jfxx));
        Exception? general = null, read = null;
        ParsedBatch? expected = null, actual = null;
        try { expected = BatchReader.ReadGeneral(body); } catch (JsonException ex) { general = ex; }
        try { actual = BatchReader.Read(body, Jfxx); } catch (JsonException ex) { read = ex; }
        Assert.Equal(general?.Message, read?.Message);
        Assert.Equal(expected?.BatchId, actual?.BatchId);
        Assert.Equal(expected?.Records?.Count, actual?.Records?.Count);
    }

    [Fact]
    public void Canonical_numbers_match_the_contract_formatting()
    {
        var random = new Random(11);
        var values = new List<decimal> { 0m, -0m, 0.00m, -0.00m, 1m, 1.0m, 12000.00m, 0.20m, 0.0000000000000000000000000001m, decimal.MaxValue, decimal.MinValue, -12.50m, 100m };
        for (var i = 0; i < 5000; i++)
        {
            values.Add(new decimal(random.Next(), random.Next(), random.Next(), random.Next(2) == 0, (byte)random.Next(0, 29)));
        }

        Span<byte> buffer = stackalloc byte[64];
        foreach (var d in values)
        {
            var expected = SimCanonicalJson.FormatNumber(d);
            Assert.Equal(expected, Encoding.UTF8.GetString(buffer[..SimCanonicalJson.FormatNumber(d, buffer)]));
            var dot = expected.IndexOf('.');
            Assert.Equal(dot < 0 ? 0 : expected.Length - dot - 1, CanonicalNumber.Scale(d));
        }
    }

    [Fact]
    public void Hand_written_date_checks_agree_with_exact_parsing()
    {
        // The simulator used DateOnly.TryParseExact for yyyy-MM-dd and (period + "01") for yyyyMMdd.
        var random = new Random(5);
        const string alphabet = "0123456789-0123456789 ２/";
        var samples = new List<string> { "2026-02-28", "2026-02-29", "2024-02-29", "0000-01-01", "0001-01-01", "9999-12-31", "2026-13-01", "2026-1-01", "202611", "000001", "202600" };
        for (var i = 0; i < 20000; i++)
        {
            var length = random.Next(4, 12);
            samples.Add(string.Concat(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)])));
            samples.Add($"{random.Next(0, 10000):D4}-{random.Next(0, 14):D2}-{random.Next(0, 33):D2}");
            samples.Add($"{random.Next(0, 10000):D4}{random.Next(0, 14):D2}");
        }

        foreach (var s in samples)
        {
            Assert.Equal(DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), Mapping.DateText.TryIsoDate(s, out _));
            Assert.Equal(DateOnly.TryParseExact(s + "01", "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), Mapping.DateText.TryYearMonth(s, out _, out _));
        }
    }

    [Fact]
    public void The_signature_check_hands_on_the_body_hash_it_computed()
    {
        var verifier = new SignatureVerifier(new SimulatorOptions { AppKey = "k", AppSecret = "s" });
        var body = Body(new BatchRequest("b-1", SampleRecords.Bureau, [new BatchRecord("r", BatchRecord.Upsert, SampleRecords.Contribution())]), "relaxed");
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>
        {
            [RequestSignature.AppKeyHeader] = "k", [RequestSignature.TimestampHeader] = timestamp, [RequestSignature.NonceHeader] = "n-1",
            [RequestSignature.SignMethodHeader] = RequestSignature.HmacSha256,
            [RequestSignature.SignatureHeader] = RequestSignature.Sign(RequestSignature.HmacSha256, "s",
                RequestSignature.StringToSign("POST", "/api/v1/catalogs/SHBX_JFXX/batches", timestamp, "n-1", body)),
        };

        var refused = verifier.Verify("POST", "/api/v1/catalogs/SHBX_JFXX/batches", h => headers.GetValueOrDefault(h), body, out var hash);

        Assert.Null(refused);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)), hash);
    }

    private static byte[] Body(BatchRequest batch, string encoder) => encoder == "escaped"
        ? JsonSerializer.SerializeToUtf8Bytes(batch, PlatformJsonContext.Default.BatchRequest)
        : JsonSerializer.SerializeToUtf8Bytes(batch, new PlatformJsonContext(new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }).BatchRequest);
}
