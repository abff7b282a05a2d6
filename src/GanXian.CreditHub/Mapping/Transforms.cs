using System.Globalization;
using System.Text;

namespace GanXian.CreditHub.Mapping;

/// <summary>Why a value could not be transformed: a stable rule code and a Chinese message (without the value for ID numbers).</summary>
public readonly record struct TransformFailure(string Rule, string Message);

/// <summary>One step of a field's transform chain; compiled once per mapping file, called once per cell.</summary>
public delegate bool Transform(string input, out string output, out TransformFailure failure);

/// <summary>
/// The named transforms a mapping file may use (<c>name</c> or <c>name:argument</c>); see mappings/README.md.
/// Transforms work on text; the catalogue field type decides the JSON value at the end. Empty text stays empty
/// (only <c>default</c> acts on it).
/// </summary>
public static class Transforms
{
    public static readonly IReadOnlyList<string> Names = ["trim", "halfwidth", "upper", "nospace", "number", "yuan-to-wan", "date", "code", "default", "mask-id"];

    /// <summary>Builds the transform <paramref name="spec"/>, or returns an error message naming what is wrong.</summary>
    public static Transform? Compile(string spec, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> codeTables, out string? error)
    {
        error = null;
        var colon = spec.IndexOf(':');
        var name = (colon < 0 ? spec : spec[..colon]).Trim();
        var arg = colon < 0 ? null : spec[(colon + 1)..];
        switch (name)
        {
            case "trim" when arg is null:
                return Pure(s => s.Trim());
            case "halfwidth" when arg is null:
                return Pure(ToHalfWidth);
            case "upper" when arg is null:
                return Pure(s => s.ToUpperInvariant());
            case "nospace" when arg is null:
                return Pure(RemoveWhitespace);
            case "mask-id" when arg is null:
                return Pure(MaskId);
            case "number" when arg is null:
                return Number(1m);
            case "yuan-to-wan" when arg is null:
                return Number(10000m);
            case "default" when arg is not null:
                return (string input, out string output, out TransformFailure failure) =>
                {
                    failure = default;
                    output = input.Length == 0 ? arg : input;
                    return true;
                };
            case "date" when arg is not null:
                return DateTransform(arg, out error);
            case "code" when arg is not null:
                if (!codeTables.TryGetValue(arg.Trim(), out var table))
                {
                    error = $"代码表 '{arg.Trim()}' 未在 codeTables 中定义";
                    return null;
                }

                return CodeTable(arg.Trim(), table);
            case "trim" or "halfwidth" or "upper" or "nospace" or "mask-id" or "number" or "yuan-to-wan":
                error = $"转换 '{name}' 不带参数";
                return null;
            case "default" or "date" or "code":
                error = $"转换 '{name}' 需要参数，写作 '{name}:…'";
                return null;
            default:
                error = $"未知的转换 '{name}'（可用：{string.Join("、", Names)}）";
                return null;
        }
    }

    private static Transform Pure(Func<string, string> f) =>
        (string input, out string output, out TransformFailure failure) =>
        {
            failure = default;
            output = input.Length == 0 ? input : f(input);
            return true;
        };

    /// <summary>Full-width ASCII variants (Ａ１，（) and the ideographic space become their half-width forms.</summary>
    public static string ToHalfWidth(string s)
    {
        var i = 0;
        while (i < s.Length && !IsFullWidth(s[i]))
        {
            i++;
        }

        if (i == s.Length)
        {
            return s;
        }

        return string.Create(s.Length, s, static (span, src) =>
        {
            for (var j = 0; j < src.Length; j++)
            {
                var c = src[j];
                span[j] = c == '\u3000' ? ' ' : c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c;
            }
        });
    }

    private static bool IsFullWidth(char c) => c == '\u3000' || c is >= '\uFF01' and <= '\uFF5E';

    private static string RemoveWhitespace(string s)
    {
        var any = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c))
            {
                any = true;
                break;
            }
        }

        if (!any)
        {
            return s;
        }

        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (!char.IsWhiteSpace(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>DOMAIN.md §6: the first 6 and last 4 characters with 8 '*' between.</summary>
    public static string MaskId(string s) => Validation.Identifiers.CitizenIdNumber.Mask(s);

    /// <summary>
    /// Parses an amount or count as written in exports: thousands separators, ¥/￥, a trailing 元, surrounding spaces,
    /// and Excel's accounting format, which a CSV saved from Excel carries as displayed: a lone dash for zero and
    /// parentheses for a negative amount (which the catalogue's rules then refuse as negative, not as unreadable).
    /// </summary>
    public static bool TryParseNumber(ReadOnlySpan<char> s, out decimal value)
    {
        s = s.Trim();
        if (TryParsePlain(s, out value))
        {
            return true;
        }

        var negative = false;
        if (s.Length > 2 && s[0] == '(' && s[^1] == ')')
        {
            negative = true;
            s = s[1..^1].Trim();
        }

        if (s.Length > 0 && (s[0] == '¥' || s[0] == '￥'))
        {
            s = s[1..].TrimStart();
        }

        if (s.EndsWith("元"))
        {
            s = s[..^1].TrimEnd();
        }

        if (!negative && s.Length > 2 && s[0] == '(' && s[^1] == ')')
        {
            negative = true;
            s = s[1..^1].Trim();
        }

        if (s is "-" or "－" or "–" or "—")
        {
            value = 0m;
            return !negative;
        }

        if (!TryParseSigned(s, out value))
        {
            return false;
        }

        if (negative)
        {
            if (value < 0)
            {
                return false;
            }

            value = -value;
        }

        return true;
    }

    private static bool TryParseSigned(ReadOnlySpan<char> s, out decimal value)
    {
        if (TryParsePlain(s, out value))
        {
            return true;
        }

        if (s.IndexOfAny(',', '，') < 0)
        {
            return decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
        }

        Span<char> buffer = s.Length <= 64 ? stackalloc char[s.Length] : new char[s.Length];
        var n = 0;
        foreach (var c in s)
        {
            if (c is not (',' or '，'))
            {
                buffer[n++] = c;
            }
        }

        return decimal.TryParse(buffer[..n], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// The common shape of an export's amounts and counts, <c>digits[.digits]</c> with at most 18 digits, read without
    /// decimal.TryParse (which costs several times more); the result is the same decimal, scale included ("10.50" keeps
    /// two decimals). Anything else (signs, separators, a bare point) is left to decimal.TryParse.
    /// </summary>
    private static bool TryParsePlain(ReadOnlySpan<char> s, out decimal value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > 19)
        {
            return false;
        }

        ulong mantissa = 0;
        var digits = 0;
        var point = -1;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiDigit(c))
            {
                mantissa = mantissa * 10 + (ulong)(c - '0');
                digits++;
            }
            else if (c == '.' && point < 0 && i > 0 && i < s.Length - 1)
            {
                point = i;
            }
            else
            {
                return false;
            }
        }

        if (digits > 18)
        {
            return false;
        }

        var scale = point < 0 ? 0 : s.Length - point - 1;
        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, false, (byte)scale);
        return true;
    }

    /// <summary>A number normalised to invariant text, divided by <paramref name="divisor"/> (10000 for yuan → 万元).</summary>
    private static Transform Number(decimal divisor) =>
        (string input, out string output, out TransformFailure failure) =>
        {
            failure = default;
            output = input;
            if (input.Length == 0)
            {
                return true;
            }

            if (!TryParseNumber(input, out var d))
            {
                failure = new TransformFailure("INVALID_NUMBER", $"“{input}”不是有效的数字");
                return false;
            }

            output = (divisor == 1m ? d : d / divisor).ToString(CultureInfo.InvariantCulture);
            return true;
        };

    /// <summary><c>date:IN1|IN2|…-&gt;OUT</c>; an input format <c>excel</c> accepts Excel serial day numbers.</summary>
    private static Transform? DateTransform(string arg, out string? error)
    {
        error = null;
        var arrow = arg.IndexOf("->", StringComparison.Ordinal);
        if (arrow < 0)
        {
            error = $"日期转换 'date:{arg}' 缺少目标格式，应写作 'date:输入格式1|输入格式2->输出格式'";
            return null;
        }

        var inputs = arg[..arrow].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var output = arg[(arrow + 2)..].Trim();
        var excel = inputs.Contains("excel", StringComparer.OrdinalIgnoreCase);
        var formats = inputs.Where(f => !f.Equals("excel", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (inputs.Length == 0 || output.Length == 0)
        {
            error = $"日期转换 'date:{arg}' 的输入或输出格式为空";
            return null;
        }

        foreach (var f in formats.Append(output))
        {
            try
            {
                var probe = new DateTime(2024, 11, 25).ToString(f, CultureInfo.InvariantCulture);
                if (!DateTime.TryParseExact(probe, f, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    error = $"日期格式 '{f}' 无法往返解析";
                    return null;
                }
            }
            catch (FormatException)
            {
                error = $"日期格式 '{f}' 无效";
                return null;
            }
        }

        // A date-only output also takes inputs with a time of day (exports and XLSX date-time cells write
        // "2026-11-10 08:30:00"), with or without the space, which a "nospace" before the date removes.
        var dropsTime = output.IndexOfAny(['H', 'h', 'm', 's']) < 0;
        return (string input, out string result, out TransformFailure failure) =>
        {
            failure = default;
            result = input;
            if (input.Length == 0)
            {
                return true;
            }

            // Most cells already are in the platform's form.
            if (output is "yyyyMM" or "yyyy-MM-dd" && DateText.Matches(input, output))
            {
                return true;
            }

            if (DateTime.TryParseExact(input, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var d)
                || excel && TryExcelSerial(input, out d)
                || dropsTime && TryWithTimeOfDay(input, formats, out d))
            {
                result = d.ToString(output, CultureInfo.InvariantCulture);
                return true;
            }

            failure = new TransformFailure("INVALID_DATE", $"“{input}”不是可识别的日期（允许的格式：{string.Join("、", inputs)}）");
            return false;
        };
    }

    /// <summary>
    /// A date followed by a time of day (H:mm, HH:mm, with seconds and fractions), the two separated by a space, a "T"
    /// or nothing: the time is cut off from the end, two-digit hours first, and the rest must be a date in one of
    /// <paramref name="formats"/>. Without the space "2026/12/19:05" is only a date as 2026/12/1 9:05, and that is found.
    /// </summary>
    private static bool TryWithTimeOfDay(string input, string[] formats, out DateTime date)
    {
        date = default;
        var s = input.Trim();
        var colon = s.IndexOf(':');
        if (colon < 1)
        {
            return false;
        }

        foreach (var hourDigits in (ReadOnlySpan<int>)[2, 1])
        {
            var start = colon - hourDigits;
            if (start < 1 || !IsTimeOfDay(s.AsSpan(start)))
            {
                continue;
            }

            var day = s.AsSpan(0, start).TrimEnd(' ').TrimEnd('T');
            if (DateTime.TryParseExact(day, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out date))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>H:mm or HH:mm, optionally :ss and .fraction, within range.</summary>
    private static bool IsTimeOfDay(ReadOnlySpan<char> t)
    {
        var fraction = t.IndexOf('.');
        if (fraction >= 0)
        {
            if (fraction == t.Length - 1 || t[(fraction + 1)..].ContainsAnyExcept("0123456789"))
            {
                return false;
            }

            t = t[..fraction];
        }

        return TimeOnly.TryParseExact(t, ["H:mm", "HH:mm", "H:mm:ss", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }

    private static bool TryExcelSerial(string s, out DateTime date)
    {
        date = default;
        // 1 = 1900-01-01; 2958465 = 9999-12-31. Plausible business dates only, so a stray number is not taken for a date.
        if (double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var serial) && serial is >= 1 and < 2958466)
        {
            date = DateTime.FromOADate(Math.Floor(serial));
            return true;
        }

        return false;
    }

    /// <summary>Source names → codes; a value that already is one of the table's codes passes unchanged.</summary>
    private static Transform CodeTable(string tableName, IReadOnlyDictionary<string, string> table)
    {
        var codes = table.Values.ToHashSet(StringComparer.Ordinal);
        // What the officer may write instead: each code with the first name that maps to it.
        var choices = string.Join("、", table.GroupBy(e => e.Value, StringComparer.Ordinal).Select(g => $"{g.Key} {g.First().Key}"));
        return (string input, out string output, out TransformFailure failure) =>
        {
            failure = default;
            output = input;
            if (input.Length == 0 || codes.Contains(input))
            {
                return true;
            }

            if (table.TryGetValue(input, out var code))
            {
                output = code;
                return true;
            }

            failure = new TransformFailure("UNKNOWN_CODE", $"“{input}”不在代码表“{tableName}”中（可用代码或名称：{choices}）");
            return false;
        };
    }
}
