using System.Text.Json;
using System.Text.RegularExpressions;

namespace GanXian.CreditHub.Hosting;

/// <summary>
/// System.Text.Json's reader messages in Chinese, for the operator-edited files (mappings, schedules, catalogues): its
/// English ("'b' is an invalid start of a property name. Expected a '"'. LineNumber: 0 | BytePositionInLine: 26.")
/// reached the console inside otherwise Chinese errors. The line is given by the caller; what went wrong is said here.
/// </summary>
public static partial class JsonErrorText
{
    public static string Chinese(JsonException ex)
    {
        var message = ex.Message;
        var column = ex.BytePositionInLine is { } b ? $"第 {b + 1} 个字节处" : "";
        if (PropertyStart().Match(message) is { Success: true } p)
        {
            return $"{column}应为带双引号的属性名，实际是“{p.Groups[1].Value}”（属性名须用英文双引号括起）";
        }

        if (AfterValue().Match(message) is { Success: true } a)
        {
            return $"{column}值后面应为英文逗号、}} 或 ]，实际是“{a.Groups[1].Value}”（是否漏了逗号，或用了中文标点？）";
        }

        if (AfterName().Match(message) is { Success: true } n)
        {
            return $"{column}属性名后面应为英文冒号，实际是“{n.Groups[1].Value}”";
        }

        if (ValueStart().Match(message) is { Success: true } v)
        {
            return $"{column}此处应为一个值，实际是“{v.Groups[1].Value}”（文字须用英文双引号括起）";
        }

        if (message.Contains("open JSON object or array", StringComparison.Ordinal))
        {
            return "文件结束时仍有未闭合的 { 或 [";
        }

        if (message.Contains("end of data", StringComparison.Ordinal) || message.Contains("does not contain any JSON tokens", StringComparison.Ordinal))
        {
            return "文件为空或意外结束";
        }

        if (ex.Path is { Length: > 0 } path && message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            return $"{path} 的值类型不对（例如数字写成了文字，或文字写成了数字）";
        }

        return $"{column}不是合法的 JSON";
    }

    [GeneratedRegex("^'(.+?)' is an invalid start of a property name")]
    private static partial Regex PropertyStart();

    [GeneratedRegex("^'(.+?)' is (?:invalid after a value|an invalid end of a number)")]
    private static partial Regex AfterValue();

    [GeneratedRegex("^'(.+?)' is invalid after a property name")]
    private static partial Regex AfterName();

    [GeneratedRegex("^'(.+?)' is an invalid start of a value")]
    private static partial Regex ValueStart();
}
