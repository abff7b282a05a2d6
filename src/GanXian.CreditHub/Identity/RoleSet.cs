namespace GanXian.CreditHub.Identity;

/// <summary>Parses, checks and stores a set of roles (a comma-separated column).</summary>
public static class RoleSet
{
    public static IReadOnlyList<string> Parse(string stored) =>
        stored.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The normalised set, or the Chinese reason it is not valid.</summary>
    public static (string? Stored, string? Error) Normalize(IEnumerable<string> roles)
    {
        var set = roles.Select(r => r.Trim().ToLowerInvariant()).Where(r => r.Length > 0).Distinct().ToList();
        if (set.Count == 0)
        {
            return (null, $"至少需要一个角色（可选：{Choices}）");
        }

        var unknown = set.Where(r => !Roles.All.Contains(r)).ToList();
        if (unknown.Count > 0)
        {
            return (null, $"未知角色：{string.Join("、", unknown)}（可选：{Choices}）");
        }

        return (string.Join(',', Roles.All.Where(set.Contains)), null);
    }

    /// <summary>Each role's code (what the CLI and the API take) with the name the pages show: "officer（信用管理员）、…".</summary>
    private static string Choices => string.Join("、", Roles.All.Select(r => $"{r}（{DisplayName(r)}）"));

    public static string Describe(string stored) =>
        string.Join("、", Parse(stored).Select(DisplayName));

    public static string DisplayName(string role) => role switch
    {
        Roles.Officer => "信用管理员",
        Roles.Approver => "审核人",
        Roles.Evaluator => "评标/资格审查人员",
        Roles.Auditor => "审计/监督",
        Roles.Administrator => "系统管理员",
        _ => role,
    };
}
