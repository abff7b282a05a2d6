using System.Text;
using System.Text.RegularExpressions;

namespace GanXian.CreditHub.Cli;

/// <summary>
/// The parser's own output (<c>--help</c>) in Chinese. System.CommandLine's zh-Hans resources translate most headings
/// but leave "Description:" and each option's "[default: 20]" in English, and the usage line ends with
/// "[command] [options]". Its help builder is not public, so the text is translated line by line on its way out.
/// </summary>
internal sealed partial class ChineseHelp(TextWriter inner) : TextWriter
{
    private readonly StringBuilder line = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            inner.WriteLine(Translate(line.ToString().TrimEnd('\r')));
            line.Clear();
        }
        else
        {
            line.Append(value);
        }
    }

    public override void Flush()
    {
        if (line.Length > 0)
        {
            inner.Write(Translate(line.ToString()));
            line.Clear();
        }

        inner.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }

    /// <summary>One line; "（必填）" is padded to the display width of " (REQUIRED)" so that the columns stay aligned.</summary>
    internal static string Translate(string line) => line.TrimEnd() switch
    {
        "Description:" => "说明：",
        "Usage:" or "用法:" => "用法：",
        "Arguments:" or "参数:" => "参数：",
        "Options:" or "选项:" => "选项：",
        "Commands:" or "命令:" => "命令：",
        _ => Default().Replace(line.Replace("[command]", "[命令]").Replace("[options]", "[选项]").Replace(" (REQUIRED)", "（必填）   "), "（默认：$1）"),
    };

    [GeneratedRegex(@" ?\[default: ([^\]]*)\]")]
    private static partial Regex Default();
}
