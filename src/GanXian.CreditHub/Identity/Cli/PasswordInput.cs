using System.Text;

namespace GanXian.CreditHub.Identity.Cli;

/// <summary>Where the CLI gets a password: never from an argument (visible in <c>ps</c> and shell history).</summary>
public interface IPasswordInput
{
    /// <summary>The password, or null when none was given (end of input, or the two entries differ).</summary>
    string? Read(string userName);
}

/// <summary>
/// Redirected standard input: the first line (<c>printf '%s\n' "$PW" | credithub users add …</c>). A terminal: asked
/// twice without echo.
/// </summary>
public sealed class ConsolePasswordInput : IPasswordInput
{
    public string? Read(string userName)
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine();
        }

        var first = Prompt($"请输入 {userName} 的密码：");
        var second = Prompt("请再次输入密码：");
        if (first != second)
        {
            Console.Error.WriteLine(PasswordPolicy.Mismatch + "。");
            return null;
        }

        return first;
    }

    private static string Prompt(string prompt)
    {
        Console.Error.Write(prompt);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
