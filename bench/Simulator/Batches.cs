using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Bench.Generator;
using GanXian.CreditHub.Platform.Contract;

namespace GanXian.CreditHub.Bench.Simulator;

/// <summary>
/// SHBX_JFXX batches as the hub sends them: canonical <c>data</c> (keys sorted), recordIds from the business key, the
/// body serialised with the contract's source-generated context, with UTF-8 text as the exchange stores and sends it
/// (or \u-escaped, as the Refit-serialised <c>SubmitBatchAsync</c> writes it).
/// </summary>
internal static class Batches
{
    public const string SourceUnitUscc = "11360721014957209W";
    private const string SourceUnitName = "赣州市赣县区人力资源和社会保障局";

    /// <summary><paramref name="count"/> bodies of <paramref name="size"/> records, distinct records across all of them.</summary>
    /// <param name="relaxed">Write non-ASCII as UTF-8 (relaxed escaping); false: \u escapes.</param>
    public static List<byte[]> Create(int count, int size, int seed, bool relaxed = false)
    {
        var context = relaxed
            ? new PlatformJsonContext(new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
            : PlatformJsonContext.Default;
        var random = new Random(seed);
        var employers = Employers.Create(Math.Max(100, count * size / 40), random);
        using var records = Records(employers, random).GetEnumerator();
        var bodies = new List<byte[]>(count);
        for (var b = 0; b < count; b++)
        {
            var batch = new List<BatchRecord>(size);
            while (batch.Count < size && records.MoveNext())
            {
                batch.Add(records.Current);
            }

            var id = new Guid(MD5.HashData(Encoding.UTF8.GetBytes($"bench-{seed}-{b}"))).ToString();
            bodies.Add(JsonSerializer.SerializeToUtf8Bytes(new BatchRequest(id, SourceUnitUscc, batch), context.BatchRequest));
        }

        return bodies;
    }

    /// <summary>The generator's contribution rows (CSV values), mapped as the hub's SHBX_JFXX mapping maps them.</summary>
    private static IEnumerable<BatchRecord> Records(Employer[] employers, Random random)
    {
        foreach (var row in Contributions.Rows(employers, new DateOnly(2026, 10, 1), random, typeNames: false))
        {
            var data = new JsonObject
            {
                ["CBRS"] = int.Parse(row.Insured, CultureInfo.InvariantCulture),
                ["DWMC"] = row.Name,
                ["FKSSQ"] = row.Period,
                ["JFZT"] = row.Status,
                ["QJJE"] = decimal.Parse(row.Arrears, CultureInfo.InvariantCulture),
                ["SJJE"] = decimal.Parse(row.Paid, CultureInfo.InvariantCulture),
                ["SJLY"] = SourceUnitName,
                ["SJLYDM"] = SourceUnitUscc,
                ["TJRQ"] = row.StatDate,
                ["TYSHXYDM"] = row.CreditCode,
                ["XZLX"] = row.InsuranceType,
                ["YJJE"] = decimal.Parse(row.Due, CultureInfo.InvariantCulture),
            };
            var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"SHBX_JFXX|{row.CreditCode}|{row.InsuranceType}|{row.Period}")))[..32];

            // The hub sends the canonical text it stored (amounts without trailing zeros).
            yield return new BatchRecord(key, BatchRecord.Upsert, JsonNode.Parse(CanonicalJson.Encode(data))!.AsObject());
        }
    }
}
