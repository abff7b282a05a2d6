using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Bench.Generator;
using GanXian.CreditHub.Platform.Contract;

namespace GanXian.CreditHub.Bench.Simulator;

/// <summary>
/// SHBX_JFXX batches as the hub sends them: canonical <c>data</c> (keys sorted), the body serialised with the
/// contract's source-generated context (so Chinese is \u-escaped, as on the wire), recordIds from the business key.
/// </summary>
internal static class Batches
{
    public const string SourceUnitUscc = "11360721014957209W";
    private const string SourceUnitName = "赣州市赣县区人力资源和社会保障局";

    private static readonly Dictionary<string, decimal> Rates = new()
    {
        ["110"] = 0.24m, ["120"] = 0.24m, ["210"] = 0.01m, ["310"] = 0.08m, ["410"] = 0.006m, ["510"] = 0.008m,
    };

    /// <summary><paramref name="count"/> bodies of <paramref name="size"/> records, distinct records across all of them.</summary>
    /// <param name="relaxed">Serialise non-ASCII as UTF-8 (relaxed escaping) instead of \u escapes, as the hub does today.</param>
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

    private static IEnumerable<BatchRecord> Records(Employer[] employers, Random random)
    {
        for (var month = new DateOnly(2026, 10, 1); ; month = month.AddMonths(-1))
        {
            var period = month.ToString("yyyyMM", CultureInfo.InvariantCulture);
            var stat = month.AddMonths(1).AddDays(9).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            foreach (var e in employers)
            {
                var insured = Math.Max(1, e.Insured + random.Next(-2, 3));
                foreach (var type in e.InsuranceTypes)
                {
                    var due = Math.Round(insured * e.MonthlyWage * Rates[type], 2);
                    var r = random.NextDouble();
                    var paid = r is > 0.93 and <= 0.98 ? Math.Round(due * (decimal)(random.NextDouble() * 0.9), 2) : due;
                    var status = r > 0.98 ? "补缴" : r > 0.93 ? "欠缴" : "正常";
                    var data = new JsonObject
                    {
                        ["CBRS"] = insured,
                        ["DWMC"] = e.Name,
                        ["FKSSQ"] = period,
                        ["JFZT"] = status,
                        ["QJJE"] = due - paid,
                        ["SJJE"] = paid,
                        ["SJLY"] = SourceUnitName,
                        ["SJLYDM"] = SourceUnitUscc,
                        ["TJRQ"] = stat,
                        ["TYSHXYDM"] = e.CreditCode,
                        ["XZLX"] = type,
                        ["YJJE"] = due,
                    };
                    var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"SHBX_JFXX|{e.CreditCode}|{type}|{period}")))[..32];
                    // The hub sends the canonical text it stored (amounts without trailing zeros).
                    yield return new BatchRecord(key, BatchRecord.Upsert, JsonNode.Parse(CanonicalJson.Encode(data))!.AsObject());
                }
            }
        }
    }
}
