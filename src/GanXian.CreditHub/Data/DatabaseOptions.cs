namespace GanXian.CreditHub.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Bound from the <c>Database</c> section. The provider is a start-time decision: one node, one store.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Kept as text so a wrong value becomes a validation message naming the key, not a binder exception.</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    public string ConnectionString { get; set; } = "";

    /// <summary>Apply pending migrations when <c>serve</c> starts (the embedded default does; production may run <c>db migrate</c> instead).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// PostgreSQL: the role the hub runs as when migrations run as another role that owns the tables. <c>db migrate</c>
    /// then grants it what the hub needs and, on the audit log, only SELECT and INSERT (docs/audit-log.md).
    /// </summary>
    public string? AppRole { get; set; }

    /// <summary>A role name that can be written into SQL as it is: lower-case letters, digits, underscores.</summary>
    public static bool IsRoleName(string? name) =>
        string.IsNullOrEmpty(name) || System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z_][a-z0-9_]{0,62}$");

    public static DatabaseProvider? ParseProvider(string? value) =>
        Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var p) && Enum.IsDefined(p) ? p : null;
}
