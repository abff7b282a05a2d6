using GanXian.CreditHub.Validation.Identifiers;

namespace GanXian.CreditHub.Validation;

/// <summary>Citizen ID numbers as they arrive: a lower-case x is the same number; 15-digit legacy numbers become 18 digits (GB 11643).</summary>
public static class IdNumbers
{
    private const string CheckCharacters = "0123456789X";

    public static string Normalize(string value)
    {
        var s = value.Trim().ToUpperInvariant();
        if (s.Length != 15 || !s.All(char.IsAsciiDigit))
        {
            return s;
        }

        // Insert the century after the address code; the check character is the one the standard accepts.
        var body = string.Concat(s.AsSpan(0, 6), "19", s.AsSpan(6));
        foreach (var c in CheckCharacters)
        {
            var candidate = body + c;
            if (CitizenIdNumber.IsValid(candidate))
            {
                return candidate;
            }
        }

        return s;
    }
}
