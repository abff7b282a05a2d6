using Npgsql;

namespace GanXian.CreditHub.IntegrationTests.Scheduling;

public sealed record HistoryRow(long Id, string Node, string Trigger, string? FireInstanceId, DateTimeOffset? Scheduled, DateTimeOffset Started, DateTimeOffset? Finished, string Outcome);

/// <summary>Reads the run history straight from the database, not through the code under test.</summary>
public static class History
{
    public static async Task<List<HistoryRow>> ReadAsync(string connectionString, string job = "probe")
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            """
            SELECT id, node, trigger, fire_instance_id, scheduled_fire_time, started_at, finished_at, outcome
              FROM job_runs WHERE job_name = @job ORDER BY id
            """, conn);
        cmd.Parameters.AddWithValue("job", job);
        var rows = new List<HistoryRow>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new HistoryRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7)));
        }

        return rows;
    }

    public static async Task<List<HistoryRow>> WaitForAsync(string connectionString, Func<List<HistoryRow>, bool> done, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var rows = await ReadAsync(connectionString);
            if (done(rows) || DateTime.UtcNow > until)
            {
                return rows;
            }

            await Task.Delay(250);
        }
    }
}
