using System.Globalization;
using System.Text;
using Serilog.Core;
using Serilog.Events;
using GanXian.CreditHub.Validation.Identifiers;

namespace GanXian.CreditHub.Hosting;

/// <summary>
/// Last line of defence for DOMAIN.md §6: masks anything shaped like a citizen ID number in log event properties and
/// exception messages. Code should never log an ID in the first place; this catches the mistakes.
/// </summary>
public sealed class PersonalIdRedactor : ILogEventEnricher
{
    // A run of exactly 15 or 18 characters (the last may be X) not inside a longer run of digits. Letters around it
    // are allowed ("sfz360721…", "ID1101…X") but then only a valid 18-character number is masked, so that a run of
    // digits inside a hex hash or a credit code is left alone. Scanned by hand rather than by a regular expression:
    // this runs for every audit entry (a million per large exchange) and most text has no such run at all.

    /// <summary>Masks every ID-shaped run inside <paramref name="text"/> with the one masking rule of the hub.</summary>
    public static string Mask(string text)
    {
        if (!HasIdNumber(text))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var copied = 0;
        for (var (index, length) = NextRun(text, 0); length > 0; (index, length) = NextRun(text, index + length))
        {
            if (ShouldMask(text, index, length))
            {
                result.Append(text, copied, index - copied).Append(CitizenIdNumber.Mask(text.Substring(index, length)));
                copied = index + length;
            }
        }

        return result.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>True when <paramref name="text"/> holds something <see cref="Mask"/> would change.</summary>
    public static bool HasIdNumber(string text)
    {
        for (var (index, length) = NextRun(text, 0); length > 0; (index, length) = NextRun(text, index + length))
        {
            if (ShouldMask(text, index, length))
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
    public static string MaskEntityKey(string key) => !HasIdNumber(key) || IsCreditCodeNotId(key) ? key : Mask(key);

    /// <summary>A valid credit code that is not also a valid ID number: shown and stored whole as an entity's key.</summary>
    public static bool IsCreditCodeNotId(string value) => UnifiedSocialCreditCode.IsValid(value) && !CitizenIdNumber.IsValid(value);

    /// <summary>
    /// The next ID-shaped run at or after <paramref name="from"/>: a maximal run of 15 or 18 digits, or of 17 digits
    /// followed by X; (0, 0) when there is none.
    /// </summary>
    private static (int Index, int Length) NextRun(string text, int from)
    {
        var i = from;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            var digits = i - start;
            if (digits is 15 or 18)
            {
                return (start, digits);
            }

            if (digits == 17 && i < text.Length && text[i] is 'X' or 'x')
            {
                return (start, 18);
            }
        }

        return (0, 0);
    }

    private static bool ShouldMask(string text, int index, int length)
    {
        var letterBefore = index > 0 && char.IsAsciiLetter(text[index - 1]);
        var end = index + length;
        var letterAfter = end < text.Length && char.IsAsciiLetter(text[end]);
        var run = text.AsSpan(index, length);
        return (!letterBefore && !letterAfter && HasBirthDateShape(run)) || (length == 18 && CitizenIdNumber.IsValid(run.ToString()));
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
