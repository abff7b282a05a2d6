using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Mapping;
using static GanXian.CreditHub.Tests.Collect.CollectTestKit;

namespace GanXian.CreditHub.Tests.Mapping;

public class RecordIdTests
{
    /// <summary>PLATFORM-API.md §4 written out plainly: catalogue, U+001F before each trimmed upper-cased key value, SHA-256, RFC 4648 base32 without padding.</summary>
    private static string Reference(string catalog, IEnumerable<string> values)
    {
        var key = catalog + string.Concat(values.Select(v => "\u001F" + v.Trim().ToUpperInvariant()));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        var bits = string.Concat(hash.Select(b => Convert.ToString(b, 2).PadLeft(8, '0')));
        bits = bits.PadRight((bits.Length + 4) / 5 * 5, '0');
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        return catalog + "-" + string.Concat(Enumerable.Range(0, bits.Length / 5).Select(i => alphabet[Convert.ToInt32(bits.Substring(i * 5, 5), 2)]));
    }

    [Fact]
    public void Record_ids_follow_the_contract_for_json_and_mapped_records_alike()
    {
        var catalog = Registry.Catalogs.Get("SHBX_JFXX");
        var key = Registry.ForCatalog("SHBX_JFXX")!.Definition.RecordKey;
        FieldKey[] keyFields = [.. key.Select(k => new FieldKey(k))];
        var random = new Random(5);
        string[] samples = ["91350100M000100Y43", " 91360721mA35xxxx1 ", "赣县", "x", new string('长', 300)];
        for (var n = 0; n < 500; n++)
        {
            var values = key.Select(_ => samples[random.Next(samples.Length)] + random.Next(1000)).ToArray();
            var json = new JsonObject(key.Select((k, i) => new KeyValuePair<string, JsonNode?>(k, values[i])));
            var expected = Reference("SHBX_JFXX", values);

            Assert.Equal(expected, RecordIds.For("SHBX_JFXX", key, json));
            Assert.Equal(expected, RecordIds.For("SHBX_JFXX", keyFields, RecordFields.From(catalog, json)));
        }
    }
}
