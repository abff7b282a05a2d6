using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Mapping;
using GanXian.CreditHub.Platform.Contract;
using static GanXian.CreditHub.Tests.Collect.CollectTestKit;
using GanXian.CreditHub.Hosting;

namespace GanXian.CreditHub.Tests.Mapping;

/// <summary>The collection path's own encoders must give exactly what the general ones give (the platform hashes the same bytes).</summary>
public class CanonicalRecordWriterTests
{
    // Text that needs escaping or is outside the BMP, next to ordinary Chinese text.
    private static readonly string[] Texts =
    [
        "赣州宏达稀土新材料有限公司", "引号\"与\\反斜杠", "制表\t换行\r\n", "<html>&'", "\u2028分隔\u2029", "𠀀扩展B区", "Ａ全角１", "",
        "\u0001控制\u007f", "emoji 😀", "普通",
    ];

    private static decimal RandomDecimal(Random random) => random.Next(8) switch
    {
        0 => new decimal(random.Next(), random.Next(), random.Next(), random.Next(2) == 0, (byte)random.Next(29)),
        1 => new decimal(random.Next(), random.Next(100), 0, random.Next(2) == 0, (byte)random.Next(29)),
        2 => new decimal(random.Next(1000), 0, 0, random.Next(2) == 0, (byte)random.Next(6)),
        3 => random.Next(2) == 0 ? 0m : -0.00m,
        _ => Math.Round((decimal)random.NextDouble() * random.Next(1, 1_000_000), random.Next(0, 4)),
    };

    [Fact]
    public void Numbers_are_formatted_as_the_canonical_encoding_formats_them()
    {
        decimal[] edges = [0m, -0m, -0.00m, 100m, 100.00m, 0.5m, -0.5m, 1e-28m, -1e-28m, decimal.MaxValue, decimal.MinValue, 12000.50m, 18446744073709551615m, 18446744073709551616m];
        var random = new Random(4);
        Span<byte> buffer = stackalloc byte[64];
        foreach (var d in edges.Concat(Enumerable.Range(0, 20_000).Select(_ => RandomDecimal(random))))
        {
            var n = CanonicalJson.FormatNumber(d, buffer);
            Assert.Equal(CanonicalJson.FormatNumber(d), Encoding.ASCII.GetString(buffer[..n]));
        }
    }

    [Fact]
    public void Generated_records_encode_byte_for_byte_as_CanonicalJson()
    {
        var catalog = Registry.Catalogs.Get("XZCF");
        var random = new Random(42);
        var order = Enumerable.Range(0, catalog.Fields.Count).ToArray();
        for (var n = 0; n < 3000; n++)
        {
            var values = new FieldValue[catalog.Fields.Count];
            for (var i = 0; i < values.Length; i++)
            {
                var type = catalog.Fields[i].Type;
                values[i] = random.Next(5) == 0 ? default
                    : type == FieldTypes.Integer ? FieldValue.OfNumber(random.NextInt64(-1_000_000, 1_000_000))
                    : type == FieldTypes.Decimal ? FieldValue.OfNumber(RandomDecimal(random))
                    : FieldValue.OfString(Texts[random.Next(Texts.Length)] + (random.Next(3) == 0 ? random.Next(100).ToString(CultureInfo.InvariantCulture) : ""));
            }

            var record = RecordFields.Mapped(catalog, values, order);
            var expected = CanonicalJson.Encode(record.ToJsonObject());

            var (text, hash) = ExchangeJson.Canonical(record);

            Assert.Equal(expected, CanonicalRecordWriter.Current.LastUtf8.ToArray());
            Assert.Equal(Encoding.UTF8.GetString(expected), text);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(expected)), hash);
            Assert.Equal(CanonicalJson.ContentHash(record.ToJsonObject()), hash);
        }
    }

    [Fact]
    public void Plain_numbers_parse_to_the_same_decimal_as_decimal_TryParse_scale_included()
    {
        var random = new Random(7);
        string[] samples = ["0", "00", "0.00", "007", "12.50", "123456789012345678", "1234567890123456789", "99999999999999999.9", "1.", ".5", "1.2.3", "１２", "1e3", "+1", "-0.00"];
        var generated = Enumerable.Range(0, 20_000).Select(_ =>
        {
            var digits = random.Next(1, 21);
            var s = string.Concat(Enumerable.Range(0, digits).Select(_ => (char)('0' + random.Next(10))));
            var point = random.Next(-3, digits);
            return point > 0 ? s[..point] + "." + s[point..] : s;
        });
        foreach (var s in samples.Concat(generated))
        {
            var ok = Transforms.TryParseNumber(s, out var mine);
            var expectedOk = decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var expected);
            Assert.Equal(expectedOk, ok);
            Assert.Equal(decimal.GetBits(expected), decimal.GetBits(mine));
        }
    }
}
