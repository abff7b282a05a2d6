using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Platform.Contract;

namespace GanXian.CreditHub.Tests.Platform;

public sealed class CanonicalJsonEncoderTests
{
    /// <summary>What a platform that follows PLATFORM-API.md §4 hashes: the name as UTF-8, nothing escaped but JSON's own.</summary>
    [Theory]
    [InlineData("赣县𠮷祥商贸有限公司")]
    [InlineData("B2 𠮷祥㙟村")]
    [InlineData("名称\u00A0带不换行空格")]
    [InlineData("行\u2028分隔")]
    [InlineData("😀 表情")]
    public void Non_ascii_text_is_written_as_utf8_without_escapes(string name)
    {
        var data = new JsonObject { ["DWMC"] = name };

        var text = Encoding.UTF8.GetString(CanonicalJson.Encode(data));

        Assert.Equal("{\"DWMC\":\"" + name + "\"}", text);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), CanonicalJson.ContentHash(data));
    }

    [Fact]
    public void Json_still_escapes_quotes_backslashes_and_controls_as_before()
    {
        var data = new JsonObject { ["A"] = "引号\"反斜杠\\换行\n制表\t回车\r退格\b换页\f\u0001\u001F" };

        Assert.Equal("{\"A\":\"引号\\\"反斜杠\\\\换行\\n制表\\t回车\\r退格\\b换页\\f\\u0001\\u001F\"}", Encoding.UTF8.GetString(CanonicalJson.Encode(data)));
    }

    [Fact]
    public void A_lone_surrogate_becomes_the_replacement_character_since_it_has_no_utf8_form()
    {
        var data = new JsonObject { ["A"] = "x\uD842y" };

        Assert.Equal("{\"A\":\"x\uFFFDy\"}", Encoding.UTF8.GetString(CanonicalJson.Encode(data)));
    }

    /// <summary>
    /// Every BMP character the previous encoder left alone is written exactly as before, so the contentHash of records
    /// without the characters it escaped does not change (they are not resent after an upgrade).
    /// </summary>
    [Fact]
    public void Text_the_relaxed_encoder_did_not_escape_encodes_byte_for_byte_as_before()
    {
        var relaxed = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
        var canonical = new JsonWriterOptions { Encoder = CanonicalJsonEncoder.Instance, SkipValidation = true };
        var differing = 0;
        for (var c = 0; c < 0x10000; c++)
        {
            if (c is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }

            var s = $"a{(char)c}b";
            var before = Write(s, relaxed);
            var after = Write(s, canonical);
            if (!before.Contains('\\', StringComparison.Ordinal) || c < 0x20 || c == '"' || c == '\\')
            {
                Assert.Equal(before, after);
            }
            else
            {
                Assert.Equal($"\"{s}\"", after);
                differing++;
            }
        }

        // U+007F–U+00A0, U+2028/2029, unassigned code points…: escaped before against the contract.
        Assert.InRange(differing, 30, 10_000);
    }

    private static string Write(string value, JsonWriterOptions options)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            writer.WriteStringValue(value);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
