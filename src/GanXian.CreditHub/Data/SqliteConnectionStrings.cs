using Microsoft.Data.Sqlite;

namespace GanXian.CreditHub.Data;

internal static class SqliteConnectionStrings
{
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
