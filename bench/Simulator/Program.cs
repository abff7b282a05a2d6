using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using GanXian.CreditHub.Bench.Simulator;
using GanXian.CreditHub.Platform.Contract;

// The simulator benchmark: sends signed SHBX_JFXX batches to a simulator that runs as its own process and reports
// the records per second and the simulator's own CPU time (/proc/PID/stat). It starts nothing itself (run.sh does).
var o = BenchOptions.Parse(args);
var clock = TimeProvider.System;
Console.WriteLine($"generating {o.Warmup + o.Batches} batches of {o.Size} records …");
var bodies = Batches.Create(o.Warmup + o.Batches, o.Size, o.Seed, o.Relaxed);
Console.WriteLine($"body of a batch: {bodies[0].Length:N0} bytes ({(o.Relaxed ? "UTF-8, as the exchange sends its stored bodies" : "non-ASCII \\u-escaped, as the Refit-serialised SubmitBatchAsync does")})");
using var http = new HttpClient { BaseAddress = new Uri(o.Url), Timeout = TimeSpan.FromMinutes(2) };
const string path = "/api/v1/catalogs/SHBX_JFXX/batches";

async Task<int> SendAsync(byte[] body)
{
    var timestamp = clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
    var nonce = Guid.NewGuid().ToString();
    using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
    request.Headers.Add(RequestSignature.AppKeyHeader, o.AppKey);
    request.Headers.Add(RequestSignature.TimestampHeader, timestamp);
    request.Headers.Add(RequestSignature.NonceHeader, nonce);
    request.Headers.Add(RequestSignature.SignMethodHeader, o.SignMethod);
    request.Headers.Add(RequestSignature.SignatureHeader,
        RequestSignature.Sign(o.SignMethod, o.AppSecret, RequestSignature.StringToSign("POST", path, timestamp, nonce, body)));
    using var response = await http.SendAsync(request);
    var bytes = await response.Content.ReadAsByteArrayAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"simulator answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(bytes)}");
    }

    var receipt = JsonSerializer.Deserialize(bytes, PlatformJsonContext.Default.BatchReceipt)!;
    return receipt.Results.Count(r => r.Status == ReceiptResult.Accepted);
}

async Task<(int Accepted, double Wall, double Cpu)> RunAsync(IReadOnlyList<byte[]> batch)
{
    var cpu0 = ProcessCpu.Seconds(o.Pid);
    var watch = Stopwatch.StartNew();
    var next = -1;
    var accepted = 0;
    var workers = Enumerable.Range(0, o.Concurrency).Select(async _ =>
    {
        for (var i = Interlocked.Increment(ref next); i < batch.Count; i = Interlocked.Increment(ref next))
        {
            Interlocked.Add(ref accepted, await SendAsync(batch[i]));
        }
    });
    await Task.WhenAll(workers);
    return (accepted, watch.Elapsed.TotalSeconds, ProcessCpu.Seconds(o.Pid) - cpu0);
}

void Report(string phase, int records, (int Accepted, double Wall, double Cpu) r)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{phase,-8} records={records} accepted={r.Accepted} wall={r.Wall:0.00}s ({records / r.Wall:0} records/s) simulator-cpu={r.Cpu:0.00}s ({r.Cpu * 1e6 / records:0.0} µs/record)"));
}

// What the simulator spent before the first batch (start-up, JIT of the start path): reported, not counted.
var startup = ProcessCpu.Seconds(o.Pid);
var warm = await RunAsync(bodies[..o.Warmup]);
Report("warmup", o.Warmup * o.Size, warm);
var run = await RunAsync(bodies[o.Warmup..]);
Report("submit", o.Batches * o.Size, run);
var expected = o.Batches * o.Size;
var ok = warm.Accepted == o.Warmup * o.Size && run.Accepted == expected;
if (o.Replay)
{
    // Idempotency: the same batches again must answer the stored receipts, every record accepted as before.
    var replay = await RunAsync(bodies[o.Warmup..]);
    Report("replay", expected, replay);
    ok &= replay.Accepted == expected;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"result: {o.Batches} batches × {o.Size} records, concurrency {o.Concurrency}: {expected / run.Wall:0} records/s, simulator CPU {run.Cpu:0.00} s = {run.Cpu * 1e6 / expected:0.0} µs/record (cold, warm-up included: {(warm.Cpu + run.Cpu) * 1e6 / (expected + o.Warmup * o.Size):0.0} µs/record; start-up before the first batch {startup:0.00} s)"));
if (!ok)
{
    Console.Error.WriteLine("not every record was accepted: the benchmark's records or the simulator are wrong");
    return 1;
}

return 0;

internal sealed record BenchOptions(string Url, int Pid, int Batches, int Size, int Warmup, int Concurrency, int Seed, bool Replay,
    string AppKey, string AppSecret, string SignMethod, bool Relaxed = true)
{
    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions("http://127.0.0.1:9189", 0, 200, 500, 20, 1, 1, false, "bench", "bench-secret", RequestSignature.HmacSha256);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--url" => o with { Url = Next() },
                "--pid" => o with { Pid = Int() },
                "--batches" => o with { Batches = Int() },
                "--size" => o with { Size = Int() },
                "--warmup" => o with { Warmup = Int() },
                "--concurrency" => o with { Concurrency = Int() },
                "--seed" => o with { Seed = Int() },
                "--replay" => o with { Replay = true },
                "--escaped" => o with { Relaxed = false },
                "--app-key" => o with { AppKey = Next() },
                "--app-secret" => o with { AppSecret = Next() },
                "--sign-method" => o with { SignMethod = Next() },
                _ => throw new ArgumentException($"unknown option {args[i]}; usage: --pid PID [--url URL] [--batches 200] [--size 500] [--warmup 20] [--concurrency 1] [--replay] [--escaped]"),
            };
        }

        return o.Pid > 0 ? o : throw new ArgumentException("--pid PID of the simulator process is required (its CPU time is the figure)");
    }
}
