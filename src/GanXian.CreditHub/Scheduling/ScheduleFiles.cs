using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using GanXian.CreditHub.Scheduling.Calendar;
using Quartz;

namespace GanXian.CreditHub.Scheduling;

/// <summary>Everything under <c>schedules/</c>: the jobs, the working-day calendar, and what is wrong with them.</summary>
public sealed record ScheduleSet(IReadOnlyList<ScheduleDefinition> Jobs, WorkingDayCalendar Calendar, IReadOnlyList<ScheduleFileError> Errors)
{
    public ScheduleDefinition? Find(string name) => Jobs.FirstOrDefault(j => j.Name == name);
}

/// <summary>
/// Reads <c>jobs/*.json</c> (one job per file, the file named after the job) and <c>calendar/YYYY.json</c> (one
/// published year per file). Reports every problem it finds rather than stopping at the first, so one
/// <c>schedules check</c> shows the operator all there is to fix.
/// </summary>
public static partial class ScheduleFiles
{
    private static readonly JsonDocumentOptions JsonOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly string[] JobFields = ["name", "type", "description", "cron", "timeZone", "enabled", "misfire", "calendar", "lock", "parameters"];

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex NamePattern();

    public static ScheduleSet Load(string directory)
    {
        var errors = new List<ScheduleFileError>();
        if (!Directory.Exists(directory))
        {
            errors.Add(new(directory, "", "目录不存在（配置项 Scheduling:Directory）"));
            return new([], new WorkingDayCalendar([]), errors);
        }

        var jobs = new List<ScheduleDefinition>();
        var jobsDir = Path.Combine(directory, "jobs");
        foreach (var file in Directory.Exists(jobsDir) ? Directory.GetFiles(jobsDir, "*.json").Order(StringComparer.Ordinal).ToArray() : [])
        {
            if (ReadJob(file, errors) is { } job)
            {
                jobs.Add(job);
            }
        }

        var years = new List<CalendarYear>();
        var calendarDir = Path.Combine(directory, "calendar");
        foreach (var file in Directory.Exists(calendarDir) ? Directory.GetFiles(calendarDir, "*.json").Order(StringComparer.Ordinal).ToArray() : [])
        {
            if (ReadYear(file, errors) is { } year)
            {
                years.Add(year);
            }
        }

        return new(jobs, new WorkingDayCalendar(years), errors);
    }

    private static JsonElement? Parse(string file, List<ScheduleFileError> errors)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file), JsonOptions);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new(file, "", "文件内容应为一个 JSON 对象"));
                return null;
            }

            return doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            errors.Add(new(file, "", $"不是有效的 JSON（第 {ex.LineNumber + 1} 行）：{Hosting.JsonErrorText.Chinese(ex)}"));
            return null;
        }
    }

    private static ScheduleDefinition? ReadJob(string file, List<ScheduleFileError> errors)
    {
        if (Parse(file, errors) is not { } root)
        {
            return null;
        }

        var before = errors.Count;
        void Error(string field, string message) => errors.Add(new(file, field, message));

        foreach (var p in root.EnumerateObject().Where(p => !JobFields.Contains(p.Name)))
        {
            Error(p.Name, "未知字段（可用字段：" + string.Join("、", JobFields) + "）");
        }

        var stem = Path.GetFileNameWithoutExtension(file);
        var name = RequiredString(root, "name", Error);
        if (name is not null && !NamePattern().IsMatch(name))
        {
            Error("name", $"“{name}”无效：只能使用小写字母、数字和连字符");
        }
        else if (name is not null && name != stem)
        {
            Error("name", $"“{name}”应与文件名一致（{stem}）");
        }

        var type = RequiredString(root, "type", Error);
        if (type is not null && !NamePattern().IsMatch(type))
        {
            Error("type", $"“{type}”无效：只能使用小写字母、数字和连字符");
        }

        var cron = RequiredString(root, "cron", Error);
        if (cron is not null)
        {
            try
            {
                _ = new CronExpression(cron);
            }
            catch (FormatException ex)
            {
                Error("cron", $"“{cron}”不是有效的 Quartz cron 表达式（秒 分 时 日 月 周 [年]）：{ex.Message}");
            }
        }

        TimeZoneInfo? zone = null;
        if (RequiredString(root, "timeZone", Error) is { } zoneId)
        {
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            }
            catch (TimeZoneNotFoundException)
            {
                Error("timeZone", $"未知时区“{zoneId}”（应为 IANA 名称，例如 Asia/Shanghai）");
            }
        }

        var enabled = true;
        if (root.TryGetProperty("enabled", out var e))
        {
            if (e.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                enabled = e.GetBoolean();
            }
            else
            {
                Error("enabled", "应为 true 或 false");
            }
        }

        var misfire = MisfirePolicy.FireOnceNow;
        if (RequiredString(root, "misfire", Error) is { } misfireName)
        {
            if (ScheduleDefinition.MisfireNames.TryGetValue(misfireName, out var m))
            {
                misfire = m;
            }
            else
            {
                Error("misfire", $"“{misfireName}”无效，应为 " + string.Join("、", ScheduleDefinition.MisfireNames.Keys));
            }
        }

        var calendar = OptionalString(root, "calendar", Error);
        if (calendar is not null && calendar != ScheduleDefinition.WorkingDaysCalendar)
        {
            Error("calendar", $"未知日历“{calendar}”，可用：{ScheduleDefinition.WorkingDaysCalendar}（或 null 表示每天）");
        }

        var lockName = OptionalString(root, "lock", Error);
        if (lockName is not null && !NamePattern().IsMatch(lockName))
        {
            Error("lock", $"“{lockName}”无效：只能使用小写字母、数字和连字符");
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("parameters", out var ps) && ps.ValueKind != JsonValueKind.Null)
        {
            if (ps.ValueKind != JsonValueKind.Object)
            {
                Error("parameters", "应为对象，例如 {\"batchSize\": \"500\"}");
            }
            else
            {
                foreach (var p in ps.EnumerateObject())
                {
                    switch (p.Value.ValueKind)
                    {
                        case JsonValueKind.String:
                            parameters[p.Name] = p.Value.GetString()!;
                            break;
                        case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                            parameters[p.Name] = p.Value.GetRawText();
                            break;
                        default:
                            Error($"parameters.{p.Name}", "参数值应为字符串、数字或布尔值");
                            break;
                    }
                }
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new ScheduleDefinition(file, name!, type!, OptionalString(root, "description", Error), cron!, zone!, enabled, misfire,
            calendar, lockName, parameters);
    }

    private static CalendarYear? ReadYear(string file, List<ScheduleFileError> errors)
    {
        if (Parse(file, errors) is not { } root)
        {
            return null;
        }

        var before = errors.Count;
        void Error(string field, string message) => errors.Add(new(file, field, message));

        if (!root.TryGetProperty("year", out var y) || y.ValueKind != JsonValueKind.Number || !y.TryGetInt32(out var year) || year is < 2000 or > 2100)
        {
            Error("year", "缺少或无效，应为四位年份数字");
            return null;
        }

        if (Path.GetFileNameWithoutExtension(file) != year.ToString(CultureInfo.InvariantCulture))
        {
            Error("year", $"{year} 应与文件名一致（{year}.json）");
        }

        var source = RequiredString(root, "source", Error) ?? "";
        var holidays = new Dictionary<DateOnly, string>();
        var workdays = new Dictionary<DateOnly, string>();
        var i = 0;
        foreach (var h in Array(root, "holidays", Error))
        {
            var field = $"holidays[{i++}]";
            var name = RequiredString(h, "name", (f, m) => Error($"{field}.{f}", m));
            var from = DateIn(h, "from", year, field, Error);
            var to = DateIn(h, "to", year, field, Error);
            if (from is null || to is null || name is null)
            {
                continue;
            }

            if (to < from)
            {
                Error($"{field}.to", $"{to:yyyy-MM-dd} 早于 from {from:yyyy-MM-dd}");
                continue;
            }

            for (var d = from.Value; d <= to.Value; d = d.AddDays(1))
            {
                if (!holidays.TryAdd(d, name))
                {
                    Error(field, $"{d:yyyy-MM-dd} 已在其他假期中出现");
                }
            }
        }

        i = 0;
        foreach (var w in Array(root, "workdays", Error))
        {
            var field = $"workdays[{i++}]";
            var name = RequiredString(w, "name", (f, m) => Error($"{field}.{f}", m));
            if (DateIn(w, "date", year, field, Error) is not { } d || name is null)
            {
                continue;
            }

            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                Error($"{field}.date", $"{d:yyyy-MM-dd} 是工作日（{d.DayOfWeek}），调休上班日应为周六或周日");
            }
            else if (holidays.ContainsKey(d))
            {
                Error($"{field}.date", $"{d:yyyy-MM-dd} 同时被列为假期");
            }
            else if (!workdays.TryAdd(d, name))
            {
                Error($"{field}.date", $"{d:yyyy-MM-dd} 重复");
            }
        }

        return errors.Count > before ? null : new CalendarYear(year, source, holidays, workdays);
    }

    private static IEnumerable<JsonElement> Array(JsonElement root, string field, Action<string, string> error)
    {
        if (!root.TryGetProperty(field, out var a) || a.ValueKind != JsonValueKind.Array)
        {
            error(field, "缺少或不是数组");
            return [];
        }

        return a.EnumerateArray().ToList();
    }

    private static DateOnly? DateIn(JsonElement item, string field, int year, string prefix, Action<string, string> error)
    {
        var text = item.ValueKind == JsonValueKind.Object && item.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            error($"{prefix}.{field}", $"缺少或无效的日期“{text}”，应为 yyyy-MM-dd");
            return null;
        }

        if (date.Year != year)
        {
            error($"{prefix}.{field}", $"{date:yyyy-MM-dd} 不在 {year} 年内");
            return null;
        }

        return date;
    }

    private static string? RequiredString(JsonElement root, string field, Action<string, string> error)
    {
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String &&
            v.GetString() is { Length: > 0 } s)
        {
            return s.Trim();
        }

        error(field, "缺少或为空（应为非空字符串）");
        return null;
    }

    private static string? OptionalString(JsonElement root, string field, Action<string, string> error)
    {
        if (!root.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s)
        {
            return s.Trim();
        }

        error(field, "应为非空字符串或 null");
        return null;
    }
}
