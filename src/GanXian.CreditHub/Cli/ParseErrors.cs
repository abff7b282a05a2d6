using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace GanXian.CreditHub.Cli;

/// <summary>
/// A command line the parser refuses, reported in Chinese: System.CommandLine's own report mixes its partly
/// translated zh-Hans messages with English ("was not matched. Did you mean…", the help's headings).
/// </summary>
internal static class ParseErrors
{
    public static async Task<int> ReportAsync(ParseResult parse, TextWriter error)
    {
        foreach (var e in parse.Errors)
        {
            var message = e.Message.TrimEnd('.', '。', ' ');
            await error.WriteLineAsync("命令行有误：" + (MissingArguments(parse, message) ?? Chinese(message)) + "。");
        }

        var command = parse.CommandResult.Command;
        var known = command.Subcommands.Select(c => c.Name)
            .Concat(command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)))
            .Where(n => !n.StartsWith("-?", StringComparison.Ordinal)).Distinct().ToList();
        foreach (var token in parse.UnmatchedTokens)
        {
            var near = known.Where(k => Distance(token.ToLowerInvariant(), k) <= Math.Max(1, k.Length / 4)).ToList();
            if (near.Count > 0)
            {
                await error.WriteLineAsync($"“{token}”是否应为：{string.Join("、", near)}？");
            }
        }

        await error.WriteLineAsync($"用法见：GanXian.CreditHub {string.Join(' ', CommandPath(parse).Append("--help"))}");
        return ExitCodes.Failure;
    }

    private static List<string> CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null && r.Command is not RootCommand; r = r.Parent as CommandResult)
        {
            names.Insert(0, r.Command.Name);
        }

        return names;
    }

    /// <summary>
    /// "命令缺少所需参数: 'run'" names the command, not what is missing; the line names the argument and says what it is
    /// (<c>jobs run</c>: "缺少参数 &lt;NAME&gt;（任务名…）").
    /// </summary>
    private static string? MissingArguments(ParseResult parse, string message)
    {
        if (!Regex.IsMatch(message, "^(命令缺少所需参数|Required argument missing for command): ?'.+'$"))
        {
            return null;
        }

        var missing = parse.CommandResult.Command.Arguments
            .Where(a => parse.GetResult(a) is not { Tokens.Count: > 0 })
            .Select(a => $"<{a.HelpName ?? a.Name}>" + (string.IsNullOrEmpty(a.Description) ? "" : $"：{a.Description}"))
            .ToList();
        return missing.Count == 0 ? null : $"{string.Join(' ', CommandPath(parse))} 缺少参数 {string.Join("；", missing)}";
    }

    /// <summary>
    /// The parser's messages its zh-Hans resources leave in English (a required option, a value of the wrong type,
    /// which named the .NET type: "Cannot parse argument 'abc' for option '--limit' as expected type 'System.Int32'"),
    /// and the translated ones that quote a token twice (“'exchnage'”).
    /// </summary>
    internal static string Chinese(string message)
    {
        if (Regex.Match(message, "^Option '(.+)' is required$") is { Success: true } required)
        {
            return $"缺少必需的选项 {required.Groups[1].Value}";
        }

        if (Regex.Match(message, "^Cannot parse argument '(.*)' for (option|command) '(.+)' as expected type '(.+)'$") is { Success: true } type)
        {
            var what = type.Groups[2].Value == "option" ? $"选项 {type.Groups[3].Value} 的值" : $"命令 {type.Groups[3].Value} 的参数";
            return $"{what}“{type.Groups[1].Value}”无效，应为{TypeName(type.Groups[4].Value)}";
        }

        return Regex.Replace(message, "“'([^”]*)'”", "“$1”");
    }

    private static string TypeName(string type) => type switch
    {
        "System.Int32" or "System.Int64" or "System.Int16" => "整数",
        "System.Decimal" or "System.Double" => "数字",
        "System.DateOnly" or "System.DateTime" or "System.DateTimeOffset" => "日期",
        "System.TimeSpan" => "时间间隔（如 00:30:00）",
        "System.Boolean" => "true 或 false",
        _ => type,
    };

    /// <summary>Levenshtein distance, for the "did you mean" of a mistyped verb or option.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
