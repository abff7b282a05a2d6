using System.Globalization;
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
    // A run of exactly 15 or 18 characters (the last may be X) not inside a longer run of digits. Letters around it
    // are allowed ("sfz360721…", "ID1101…X") but then only a valid 18-character number is masked, so that a run of
    // digits inside a hex hash or a credit code is left alone.
    [GeneratedRegex(@"(?<!\d)\d{15}(?:\d{2}[0-9Xx])?(?![0-9])")]
    private static partial Regex IdNumber();

    /// <summary>Masks every ID-shaped run inside <paramref name="text"/> with the one masking rule of the hub.</summary>
    public static string Mask(string text) => IdNumber().Replace(text, m => ShouldMask(text, m) ? CitizenIdNumber.Mask(m.Value) : m.Value);

    /// <summary>True when <paramref name="text"/> holds something <see cref="Mask"/> would change.</summary>
    public static bool HasIdNumber(string text)
    {
        for (var m = IdNumber().Match(text); m.Success; m = m.NextMatch())
        {
            if (ShouldMask(text, m))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// An entity key (统一社会信用代码, or a natural person's ID number) as it may be stored or shown: masked unless it
    /// is a valid credit code that is not also a valid ID number — 机关、事业单位 may have all-digit codes.
    /// </summary>
    public static string MaskEntityKey(string key) =>
        UnifiedSocialCreditCode.IsValid(key) && !CitizenIdNumber.IsValid(key) ? key : Mask(key);

    private static bool ShouldMask(string text, Match m)
    {
        var letterBefore = m.Index > 0 && char.IsAsciiLetter(text[m.Index - 1]);
        var end = m.Index + m.Length;
        var letterAfter = end < text.Length && char.IsAsciiLetter(text[end]);
        return (!letterBefore && !letterAfter && HasBirthDateShape(m.ValueSpan)) || (m.Length == 18 && CitizenIdNumber.IsValid(m.Value));
    }

    // A mistyped number (wrong check digit) is still a person's number, but a serial such as P-202612040000000001
    // has no birth date where an ID number has one.
    private static bool HasBirthDateShape(ReadOnlySpan<char> run)
    {
        var (year, month, day) = run.Length == 18
            ? (int.Parse(run.Slice(6, 4), CultureInfo.InvariantCulture), int.Parse(run.Slice(10, 2), CultureInfo.InvariantCulture), int.Parse(run.Slice(12, 2), CultureInfo.InvariantCulture))
            : (1900, int.Parse(run.Slice(8, 2), CultureInfo.InvariantCulture), int.Parse(run.Slice(10, 2), CultureInfo.InvariantCulture));
        return year is >= 1900 and <= 2099 && month is >= 1 and <= 12 && day is >= 1 and <= 31;
    }

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
        ScalarValue { Value: string s } when HasIdNumber(s) => new ScalarValue(Mask(s)),
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
