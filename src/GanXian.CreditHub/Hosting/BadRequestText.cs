using System.Text.RegularExpressions;

namespace GanXian.CreditHub.Hosting;

/// <summary>
/// The framework's reasons for a request it could not bind (<see cref="BadHttpRequestException"/> from minimal API
/// binding and Kestrel), in Chinese like every other problem the hub answers: the officers and the integrators of
/// other bureaus' systems read the detail, and "Failed to bind parameter "Nullable&lt;long&gt; from"" tells them less than
/// "参数 from 的值“abc”无效：应为整数". The parameter's name stays as written, since that is what the client sent. A
/// reason not known here is kept as it is.
/// </summary>
internal static partial class BadRequestText
{
    public static string Chinese(string message)
    {
        if (BindFailed().Match(message) is { Success: true } bind)
        {
            return $"参数 {bind.Groups["name"].Value} 的值“{bind.Groups["value"].Value}”无效：应为{Expected(bind.Groups["type"].Value)}";
        }

        if (NotProvided().Match(message) is { Success: true } missing)
        {
            return $"缺少必需的参数 {missing.Groups["name"].Value}";
        }

        if (BodyUnreadable().Match(message) is { Success: true } body)
        {
            return $"请求体无法按 {(body.Groups["as"].Value == "JSON" ? "JSON" : "表单")} 读取（参数 {body.Groups["name"].Value}）：请检查其格式";
        }

        if (MediaType().Match(message) is { Success: true } media)
        {
            return $"不支持的内容类型“{media.Groups["got"].Value}”：请求体须为 {(media.Groups["kind"].Value == "JSON" ? "application/json" : "表单（application/x-www-form-urlencoded 或 multipart/form-data）")}";
        }

        if (TooLarge().Match(message) is { Success: true } large)
        {
            return $"请求体过大：上限为 {large.Groups["max"].Value} 字节";
        }

        return message.StartsWith("Implicit body inferred", StringComparison.Ordinal) ? "缺少请求体" : message;
    }

    /// <summary>What a value of the parameter's type looks like, for the officer who mistyped it.</summary>
    private static string Expected(string type) => Nullable().Replace(type, "$1") switch
    {
        "int" or "long" or "short" or "Int32" or "Int64" => "整数",
        "bool" or "Boolean" => " true 或 false",
        "decimal" or "double" or "float" => "数字",
        "DateOnly" => "日期（例如 2026-12-01）",
        "DateTime" or "DateTimeOffset" => "日期或时间（例如 2026-12-01T08:30:00+08:00）",
        "Guid" => " GUID",
        var other => $" {other} 类型的值",
    };

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>[^ "]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindFailed();

    [GeneratedRegex("""^Required parameter "(?<type>.+) (?<name>[^ "]+)" was not provided""")]
    private static partial Regex NotProvided();

    [GeneratedRegex("""^Failed to read parameter "(?<type>.+) (?<name>[^ "]+)" from the request body as (?<as>JSON|form)\.$""")]
    private static partial Regex BodyUnreadable();

    [GeneratedRegex("""^Expected a supported (?<kind>JSON|form) media type but got "(?<got>.*)"\.$""")]
    private static partial Regex MediaType();

    [GeneratedRegex(@"^Request body too large\. The max request body size is (?<max>\d+) bytes\.$")]
    private static partial Regex TooLarge();

    [GeneratedRegex("^Nullable<(.+)>$")]
    private static partial Regex Nullable();
}
