using GanXian.CreditHub.Hosting;

namespace GanXian.CreditHub.Tests.Hosting;

public sealed class BadRequestTextTests
{
    [Theory]
    [InlineData("Failed to bind parameter \"Nullable<long> from\" from \"abc\".", "参数 from 的值“abc”无效：应为整数")]
    [InlineData("Failed to bind parameter \"bool run\" from \"maybe\".", "参数 run 的值“maybe”无效：应为 true 或 false")]
    [InlineData("Failed to bind parameter \"DateOnly day\" from \"昨天\".", "参数 day 的值“昨天”无效：应为日期（例如 2026-12-01）")]
    [InlineData("Required parameter \"string reason\" was not provided from query string.", "缺少必需的参数 reason")]
    [InlineData("Failed to read parameter \"CorrectionInput input\" from the request body as JSON.", "请求体无法按 JSON 读取（参数 input）：请检查其格式")]
    [InlineData("Expected a supported JSON media type but got \"text/plain\".", "不支持的内容类型“text/plain”：请求体须为 application/json")]
    [InlineData("Implicit body inferred for parameter \"input\" but no body was provided. Did you mean to use a Service instead?", "缺少请求体")]
    [InlineData("Request body too large. The max request body size is 100 bytes.", "请求体过大：上限为 100 字节")]
    [InlineData("Reading the request body timed out due to data arriving too slowly.", "Reading the request body timed out due to data arriving too slowly.")]
    public void The_frameworks_reasons_read_in_chinese(string message, string expected) => Assert.Equal(expected, BadRequestText.Chinese(message));
}
