using Microsoft.Data.Sqlite;

namespace GanXian.CreditHub.Data;

internal static class SqliteConnectionStrings
{
    /// <summary>
    /// The database file relative to the content root, not the process's current directory: run from another folder,
    /// the hub would otherwise have started on a new, empty database there.
    /// </summary>
    public static string RelativeTo(string connectionString, string contentRoot)
    {
        SqliteConnectionStringBuilder csb;
        try
        {
            csb = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            return connectionString; // reported by the start-up check as the invalid setting it is
        }

        if (string.IsNullOrEmpty(csb.DataSource) || csb.DataSource == ":memory:" || csb.Mode == SqliteOpenMode.Memory
            || csb.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || Path.IsPathRooted(csb.DataSource))
        {
            return connectionString;
        }

        csb.DataSource = Path.GetFullPath(csb.DataSource, contentRoot);
        return csb.ToString();
    }

    /// <summary>Creates the folder of the database file so that a newcomer's first run needs nothing prepared.</summary>
    public static string Prepare(string connectionString)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(csb.DataSource) && csb.DataSource != ":memory:" && csb.Mode != SqliteOpenMode.Memory)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(csb.DataSource));
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }
        }

        // Several writers (web requests, jobs) share the file: wait for the lock instead of failing at once.
        csb.DefaultTimeout = Math.Max(csb.DefaultTimeout, 30);
        return csb.ToString();
    }
}
