using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;
using GanXian.CreditHub.Validation.Identifiers;

namespace GanXian.CreditHub.Hosting;

/// <summary>
/// Last line of defence for DOMAIN.md §6: masks anything shaped like a citizen ID number in log event properties and
/// exception messages. Code should never log an ID in the first place; this catches the mistakes.
/// </summary>
public sealed partial class PersonalIdRedactor : ILogEventEnricher
{
    [GeneratedRegex(@"(?<![0-9A-Za-z])(\d{6})(\d{8}|\d{5})(\d{3}[0-9Xx]|\d{1})(?![0-9A-Za-z])")]
    private static partial Regex IdNumber();

    /// <summary>Masks every ID-shaped run inside <paramref name="text"/> with the one masking rule of the hub.</summary>
    public static string Mask(string text) =>
        IdNumber().Replace(text, m => m.Value.Length is 18 or 15 ? CitizenIdNumber.Mask(m.Value) : m.Value);

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var (name, value) in logEvent.Properties.ToList())
        {
            var redacted = Redact(value);
            if (!ReferenceEquals(redacted, value))
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, redacted));
            }
        }
    }

    private static LogEventPropertyValue Redact(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string s } when IdNumber().IsMatch(s) => new ScalarValue(Mask(s)),
        SequenceValue seq => seq.Elements.Select(Redact).ToList() is var items && items.Where((e, i) => !ReferenceEquals(e, seq.Elements[i])).Any()
            ? new SequenceValue(items)
            : seq,
        StructureValue st => st.Properties.Select(p => new LogEventProperty(p.Name, Redact(p.Value))).ToList() is var props
                             && props.Where((p, i) => !ReferenceEquals(p.Value, st.Properties[i].Value)).Any()
            ? new StructureValue(props, st.TypeTag)
            : st,
        _ => value,
    };
}
