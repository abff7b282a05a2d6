using System.Text.Json;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Hosting;

namespace GanXian.CreditHub.Tests.Hosting;

public sealed class JsonErrorTextTests
{
    private static string Text(string json) => JsonErrorText.Chinese(Assert.ThrowsAny<JsonException>(() => JsonNode.Parse(json)));

    [Theory]
    [InlineData("{ \"catalog\": \"SHBX_JFXX\", broken", "应为带双引号的属性名，实际是“b”")]
    [InlineData("{ \"a\": 1 \"b\": 2 }", "值后面应为英文逗号")]
    [InlineData("{ \"a\": 1，\"b\": 2 }", "值后面应为英文逗号")]
    [InlineData("{ \"a\" 1 }", "属性名后面应为英文冒号")]
    [InlineData("{ \"a\": abc }", "此处应为一个值")]
    [InlineData("{ \"a\": [1, 2 ", "未闭合")]
    [InlineData("", "文件为空或意外结束")]
    public void A_broken_operator_file_is_explained_in_Chinese(string json, string expected)
    {
        var text = Text(json);

        Assert.Contains(expected, text);
        Assert.DoesNotMatch("[A-Za-z]{4,}", text);
    }
}
