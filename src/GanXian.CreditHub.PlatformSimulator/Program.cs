using GanXian.CreditHub.PlatformSimulator;

Console.OutputEncoding = System.Text.Encoding.UTF8;

SimulatorOptions options;
try
{
    options = SimulatorOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(SimulatorOptions.Usage);
    return 2;
}

await using var server = SimulatorServer.Start(options);
Console.WriteLine($"模拟省平台已启动: {server.Url}  (AppKey {options.AppKey}; 已持有 {server.State.Count} 条记录{(options.StateFile is null ? "，仅内存" : "，状态文件 " + options.StateFile)})");
Console.WriteLine("查看: GET /_sim/records  /_sim/stats  /_sim/faults；Ctrl+C 退出");

var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
await stop.Task;
return 0;
