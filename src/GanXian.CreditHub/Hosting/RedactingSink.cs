using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace GanXian.CreditHub.Hosting;

/// <summary>
/// Wraps the sinks so that what an enricher cannot reach is masked too: an exception's message and stack text (a
/// parser's message may quote the value it failed on) and a message template built by string interpolation.
/// </summary>
public sealed class RedactingSink(ILogEventSink inner) : ILogEventSink, IDisposable, IAsyncDisposable
{
    // The wrapped sinks are ours to close (the file sink holds its file open).
    public void Dispose() => (inner as IDisposable)?.Dispose();

    public ValueTask DisposeAsync()
    {
        if (inner is IAsyncDisposable a)
        {
            return a.DisposeAsync();
        }

        Dispose();
        return ValueTask.CompletedTask;
    }

    private static readonly MessageTemplateParser Parser = new();

    public void Emit(LogEvent logEvent)
    {
        var exception = logEvent.Exception is { } x && PersonalIdRedactor.HasIdNumber(x.ToString()) ? new RedactedException(x) : null;
        var template = PersonalIdRedactor.HasIdNumber(logEvent.MessageTemplate.Text)
            ? Parser.Parse(PersonalIdRedactor.Mask(logEvent.MessageTemplate.Text))
            : null;
        if (exception is null && template is null)
        {
            inner.Emit(logEvent);
            return;
        }

        inner.Emit(new LogEvent(logEvent.Timestamp, logEvent.Level, exception ?? logEvent.Exception, template ?? logEvent.MessageTemplate,
            logEvent.Properties.Select(p => new LogEventProperty(p.Key, p.Value)), logEvent.TraceId ?? default, logEvent.SpanId ?? default));
    }

    /// <summary>Stands in for the original exception in the sinks, with the same type name and text, masked.</summary>
    private sealed class RedactedException(Exception original) : Exception(PersonalIdRedactor.Mask(original.Message))
    {
        private readonly string text = PersonalIdRedactor.Mask(original.ToString());

        public override string ToString() => text;

        public override string? StackTrace => null;
    }
}
