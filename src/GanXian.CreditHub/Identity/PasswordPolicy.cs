using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Identity;

/// <summary>Length over composition rules (NIST SP 800-63B): long enough, not the user name, not one repeated character.</summary>
public sealed class PasswordPolicy(IOptions<HubIdentityOptions> options)
{
    public const int MaximumLength = 128;

    public const string Mismatch = "两次输入的密码不一致";

    /// <summary>A new password is typed twice (the CLI's prompt, the forms): null when both entries agree.</summary>
    public static string? Confirm(string? password, string? confirmation) => password == confirmation ? null : Mismatch;

    /// <summary>Null when acceptable, otherwise the Chinese reason. Never echoes the password.</summary>
    public string? Check(string userName, string? password)
    {
        var min = options.Value.Password.MinimumLength;
        if (string.IsNullOrEmpty(password) || password.Length < min)
        {
            return $"密码至少需要 {min} 个字符";
        }

        if (password.Length > MaximumLength)
        {
            return $"密码不能超过 {MaximumLength} 个字符";
        }

        // The sign-in takes a password of only blanks for one left empty (UserAccounts.SignInRequired): none can be set.
        if (string.IsNullOrWhiteSpace(password))
        {
            return "密码不能全是空格";
        }

        if (password.Contains(userName, StringComparison.OrdinalIgnoreCase))
        {
            return "密码不能包含用户名";
        }

        if (password.Distinct().Count() < 4)
        {
            return "密码过于简单（不同字符太少）";
        }

        return null;
    }
}
