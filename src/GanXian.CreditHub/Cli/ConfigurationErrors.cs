using System.Text.RegularExpressions;

namespace GanXian.CreditHub.Cli;

/// <summary>
/// A setting whose text cannot be bound to its type (<c>Exchange__BatchSize=abc</c>, <c>Platform__AttemptTimeout=30s</c>)
/// makes the configuration binder throw while the host is composed or its options validated; unhandled, that ended the
/// process with an English stack trace and exit code 134 instead of the one Chinese line naming the key (exit code 2).
/// </summary>
public static partial class ConfigurationErrors
{
    public static string? Describe(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is InvalidOperationException && BindFailure().Match(e.Message) is { Success: true } m)
            {
                return $"配置错误：配置项 {m.Groups["key"].Value} 的值“{m.Groups["value"].Value}”无效，应为{TypeName(m.Groups["type"].Value)}";
            }
        }

        return null;
    }

    private static string TypeName(string type) => type switch
    {
        "System.Int32" or "System.Int64" or "System.Int16" => "整数",
        "System.Decimal" or "System.Double" or "System.Single" => "数字",
        "System.TimeSpan" => "时间间隔（时:分:秒，如 00:00:30）",
        "System.Boolean" => "true 或 false",
        "System.DateOnly" or "System.DateTime" or "System.DateTimeOffset" => "日期（yyyy-MM-dd）",
        "System.Uri" => "绝对地址",
        _ when type.StartsWith("GanXian.", StringComparison.Ordinal) || type.StartsWith("System.", StringComparison.Ordinal) => "文档中列出的取值之一",
        _ => type,
    };

    [GeneratedRegex("^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex BindFailure();
}
