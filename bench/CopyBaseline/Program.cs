// The exchange benchmark's baseline: a plain binary COPY of the same rows into PostgreSQL. It parses the CSV file (as
// the hub does, with Sylvan) and COPYs every cell as text into a table of text columns, one column per header, in
// one transaction: no mapping, validation, hashing, staging or merge. Prints rows, seconds and rows per second.
//   dotnet GanXian.CreditHub.Bench.CopyBaseline.dll --file FILE --connection CONNECTION_STRING
using System.Diagnostics;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using Sylvan.Data.Csv;

string? file = null, connection = null;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--file": file = args[i + 1]; break;
        case "--connection": connection = args[i + 1]; break;
    }
}

if (file is null || connection is null)
{
    Console.Error.WriteLine("usage: --file FILE --connection CONNECTION_STRING");
    return 2;
}

using var text = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
await using var csv = await CsvDataReader.CreateAsync(text, new CsvDataReaderOptions { BufferSize = 1 << 16 });
await using var conn = new NpgsqlConnection(connection);
await conn.OpenAsync();
await using var tx = await conn.BeginTransactionAsync();
var columns = string.Join(", ", Enumerable.Range(0, csv.FieldCount).Select(i => $"c{i} text"));
await using (var create = new NpgsqlCommand($"DROP TABLE IF EXISTS copy_baseline; CREATE TABLE copy_baseline ({columns})", conn, tx))
{
    await create.ExecuteNonQueryAsync();
}

// Timed from the first row read to the commit: process start-up, connecting and creating the table are not COPY.
var watch = Stopwatch.StartNew();
long rows = 0;
await using (var copy = await conn.BeginBinaryImportAsync("COPY copy_baseline FROM STDIN (FORMAT BINARY)"))
{
    while (await csv.ReadAsync())
    {
        await copy.StartRowAsync();
        for (var i = 0; i < csv.FieldCount; i++)
        {
            await copy.WriteAsync(csv.GetString(i), NpgsqlDbType.Text);
        }

        rows++;
    }

    await copy.CompleteAsync();
}

await tx.CommitAsync();
var seconds = watch.Elapsed.TotalSeconds;
Console.WriteLine($"rows={rows} seconds={seconds:0.00} rows_per_second={rows / seconds:0}");
return 0;
