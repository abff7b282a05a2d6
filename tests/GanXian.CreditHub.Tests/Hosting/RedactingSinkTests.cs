using GanXian.CreditHub.Hosting;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace GanXian.CreditHub.Tests.Hosting;

public sealed class RedactingSinkTests
{
    private const string Id = "360721198506123015";

    [Fact]
    public void An_exception_quoting_an_id_number_reaches_the_sink_masked()
    {
        var (logger, output) = Logger();
        logger.Error(new FormatException($"无法解析“{Id}”"), "导入失败");
        var text = output.ToString();
        Assert.DoesNotContain(Id, text);
        Assert.Contains("360721********3015", text);
        Assert.Contains("System.FormatException", text);
    }

    [Fact]
    public void An_interpolated_message_template_reaches_the_sink_masked()
    {
        var (logger, output) = Logger();
#pragma warning disable CA2254 // the mistake this guards against
        logger.Warning($"处理 {Id} 时出错");
#pragma warning restore CA2254
        Assert.DoesNotContain(Id, output.ToString());
    }

    [Fact]
    public void Other_events_pass_unchanged()
    {
        var (logger, output) = Logger();
        logger.Information("批次 {Batch} 已发送", "b-1");
        Assert.Contains("\"Batch\":\"b-1\"", output.ToString());
    }

    private static (Logger, StringWriter) Logger()
    {
        var output = new StringWriter();
        var logger = new LoggerConfiguration().WriteTo.Redacted(s => s.Sink(new TextSink(output))).CreateLogger();
        return (logger, output);
    }

    private sealed class TextSink(TextWriter output) : ILogEventSink
    {
        private readonly CompactJsonFormatter formatter = new();

        public void Emit(LogEvent logEvent) => formatter.Format(logEvent, output);
    }
}
