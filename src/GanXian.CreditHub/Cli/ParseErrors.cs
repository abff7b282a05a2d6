using System.CommandLine;
using System.CommandLine.Parsing;

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
            await error.WriteLineAsync("命令行有误：" + Chinese(e.Message.TrimEnd('.', '。', ' ')) + "。");
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

        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null && r.Command is not RootCommand; r = r.Parent as CommandResult)
        {
            names.Insert(0, r.Command.Name);
        }

        await error.WriteLineAsync($"用法见：GanXian.CreditHub {string.Join(' ', names.Append("--help"))}");
        return ExitCodes.Failure;
    }

    /// <summary>The parser's messages its zh-Hans resources leave in English.</summary>
    private static string Chinese(string message) =>
        System.Text.RegularExpressions.Regex.Match(message, "^Option '(.+)' is required$") is { Success: true } m ? $"缺少必需的选项 {m.Groups[1].Value}" : message;

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
