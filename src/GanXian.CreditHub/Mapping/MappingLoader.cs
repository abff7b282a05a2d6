using System.Text.Json;
using System.Text.Json.Nodes;

namespace GanXian.CreditHub.Mapping;

/// <summary>
/// Reads and checks a mapping file against the catalogue definitions. Every problem is collected with the file and
/// line (unknown keys, targets or transforms, missing required targets, bad business keys, unresolved
/// <c>${Section:Key}</c> constants), so an administrator fixes a file in one pass.
/// </summary>
public static class MappingLoader
{
    private static readonly HashSet<string> TopKeys = ["$comment", "catalog", "version", "description", "formats", "recordKey", "publishUntil", "codeTables", "fields"];
    private static readonly HashSet<string> FieldKeys = ["$comment", "target", "column", "value", "transforms", "optional"];
    public static readonly IReadOnlySet<string> KnownFormats = new HashSet<string> { "csv", "xlsx" };

    /// <summary>Loads and compiles <paramref name="path"/>; <paramref name="settings"/> resolves <c>${Section:Key}</c> constants.</summary>
    public static CompiledMapping Load(string path, CatalogSchemas catalogs, Func<string, string?> settings)
    {
        var display = Path.GetFileName(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException ex)
        {
            throw new MappingLoadException([new MappingError(display, null, "无法读取：" + ex.Message)]);
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new MappingLoadException([new MappingError(display, (int?)ex.LineNumber + 1, "JSON 格式错误：" + Hosting.JsonErrorText.Chinese(ex))]);
        }

        var lines = JsonLineIndex.Build(bytes);
        var errors = new List<MappingError>();
        void Error(string at, string message) => errors.Add(new MappingError(display, lines.LineOf(at), message));

        if (root is not JsonObject obj)
        {
            throw new MappingLoadException([new MappingError(display, 1, "映射文件必须是一个 JSON 对象")]);
        }

        foreach (var (key, _) in obj)
        {
            if (!TopKeys.Contains(key))
            {
                Error(key, $"未知的键 '{key}'（可用：{string.Join("、", TopKeys.Where(k => k[0] != '$'))}）");
            }
        }

        var catalogCode = Text(obj, "catalog", Error, required: true);
        var catalog = catalogCode is null ? null : catalogs.Find(catalogCode);
        if (catalogCode is not null && catalog is null)
        {
            Error("catalog", $"未知的目录 '{catalogCode}'（未在 {CatalogSchemas.FileName} 中定义）");
        }

        var version = Text(obj, "version", Error, required: true) ?? "";
        var description = Text(obj, "description", Error, required: false);
        var formats = Strings(obj, "formats", Error, required: true);
        for (var i = 0; i < formats.Count; i++)
        {
            if (!KnownFormats.Contains(formats[i]))
            {
                // A legacy .xls workbook is read by the workbook mapping (Collect/TabularFile.cs FormatOf).
                Error($"formats[{i}]", formats[i].Equals("xls", StringComparison.OrdinalIgnoreCase)
                    ? "源文件格式 'xls' 不必单独列出：旧版 Excel 工作簿（.xls）与 .xlsx 一样按 xlsx 读取，请写 xlsx"
                    : $"未知的源文件格式 '{formats[i]}'（可用：csv、xlsx）");
            }
        }

        var codeTables = CodeTables(obj, Error);
        var fields = new List<FieldMapping>();
        if (obj["fields"] is JsonArray fieldArray)
        {
            for (var i = 0; i < fieldArray.Count; i++)
            {
                var at = $"fields[{i}]";
                if (fieldArray[i] is not JsonObject f)
                {
                    Error(at, "fields 的每一项必须是对象");
                    continue;
                }

                foreach (var (key, _) in f)
                {
                    if (!FieldKeys.Contains(key))
                    {
                        Error($"{at}.{key}", $"未知的键 '{key}'（字段映射可用：{string.Join("、", FieldKeys.Where(k => k[0] != '$'))}）");
                    }
                }

                void FieldError(string p, string m) => Error(p.Length == 0 ? at : $"{at}.{p}", m);
                var target = Text(f, "target", FieldError, required: true, missingAt: at);
                var columns = f["column"] is JsonValue ? [Text(f, "column", FieldError, false) ?? ""] : Strings(f, "column", FieldError, false);
                var value = Text(f, "value", FieldError, false);
                var transforms = Strings(f, "transforms", FieldError, false)
                    .Select((t, n) => ResolvePlaceholders(t, settings, m => Error($"{at}.transforms[{n}]", m))).ToList();
                var optional = f["optional"] is JsonValue ov && ov.TryGetValue<bool>(out var b) && b;
                if (columns.Count == 0 == (value is null))
                {
                    Error(at, $"字段 {target} 必须且只能指定 column（源列名）或 value（常量）之一");
                }

                if (value is not null)
                {
                    value = ResolvePlaceholders(value, settings, m => Error($"{at}.value", m));
                }

                fields.Add(new FieldMapping(target ?? "", columns, value, transforms, optional, lines.LineOf(at)));
            }
        }
        else
        {
            Error("fields", "缺少 fields（字段映射列表）");
        }

        var recordKey = Strings(obj, "recordKey", Error, required: true);
        var publishUntil = Text(obj, "publishUntil", Error, required: false);
        var definition = new MappingDefinition(display, catalogCode ?? "", version, description, formats, recordKey, publishUntil, codeTables, fields);

        if (catalog is null)
        {
            throw new MappingLoadException(errors);
        }

        var compiled = new List<CompiledField>();
        var targets = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            var at = $"fields[{i}]";
            var spec = catalog.Field(f.Target);
            if (f.Target.Length > 0 && spec is null)
            {
                Error($"{at}.target", $"目录 {catalog.Code} 没有字段 '{f.Target}'");
                continue;
            }

            if (spec is null)
            {
                continue;
            }

            // A target may be mapped again from other columns with transforms of their own (an amount exported in
            // 万元 by one system and in yuan by another); the first entry whose column a file has is used.
            if (!targets.Add(f.Target) && (f.Value is not null || fields.Any(o => o.Target == f.Target && o.Value is not null)))
            {
                Error($"{at}.target", $"字段 {f.Target} 重复映射（同一字段可由几个源列各按其转换映射，但不能与常量 value 并用）");
            }

            if (f.Optional && spec.Required)
            {
                Error($"{at}.optional", $"字段 {f.Target} 是目录的必填字段，不能标为 optional");
            }

            var chain = new List<Transform>();
            for (var t = 0; t < f.Transforms.Count; t++)
            {
                var transform = Transforms.Compile(f.Transforms[t], codeTables, out var error);
                if (transform is null)
                {
                    Error($"{at}.transforms[{t}]", error!);
                }
                else
                {
                    chain.Add(transform);
                }
            }

            compiled.Add(new CompiledField(f, spec, [.. chain]));
        }

        foreach (var missing in catalog.Fields.Where(c => c.Required && !targets.Contains(c.Code)))
        {
            Error("fields", $"缺少目录 {catalog.Code} 的必填字段 {missing.Code}（{missing.Name}）的映射");
        }

        if (recordKey.Count == 0)
        {
            Error("recordKey", "recordKey（业务主键字段）不能为空");
        }

        for (var i = 0; i < recordKey.Count; i++)
        {
            if (catalog.Field(recordKey[i]) is not { } keySpec)
            {
                Error($"recordKey[{i}]", $"业务主键字段 '{recordKey[i]}' 不是目录 {catalog.Code} 的字段");
            }
            else if (!keySpec.Required)
            {
                Error($"recordKey[{i}]", $"业务主键字段 '{recordKey[i]}' 必须是必填字段，否则记录标识不稳定");
            }
        }

        if (publishUntil is not null && catalog.Field(publishUntil)?.Type != FieldTypes.Date)
        {
            Error("publishUntil", $"publishUntil 必须是目录 {catalog.Code} 的日期字段，'{publishUntil}' 不是");
        }

        if (errors.Count > 0)
        {
            throw new MappingLoadException(errors);
        }

        return new CompiledMapping(definition, catalog, [.. compiled]);
    }

    private static string ResolvePlaceholders(string value, Func<string, string?> settings, Action<string> error)
    {
        var start = value.IndexOf("${", StringComparison.Ordinal);
        while (start >= 0)
        {
            var end = value.IndexOf('}', start);
            if (end < 0)
            {
                error($"常量 '{value}' 中的 ${{ 没有闭合");
                return value;
            }

            var key = value[(start + 2)..end];
            var setting = settings(key);
            if (string.IsNullOrWhiteSpace(setting))
            {
                error($"常量引用的配置项 {key} 未设置");
                return value;
            }

            value = string.Concat(value.AsSpan(0, start), setting, value.AsSpan(end + 1));
            start = value.IndexOf("${", start + setting.Length, StringComparison.Ordinal);
        }

        return value;
    }

    private static Dictionary<string, IReadOnlyDictionary<string, string>> CodeTables(JsonObject obj, Action<string, string> error)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (obj["codeTables"] is null)
        {
            return result;
        }

        if (obj["codeTables"] is not JsonObject tables)
        {
            error("codeTables", "codeTables 必须是对象：{ 表名: { 源值: 代码 } }");
            return result;
        }

        foreach (var (name, node) in tables)
        {
            if (node is not JsonObject entries)
            {
                error($"codeTables.{name}", $"代码表 {name} 必须是对象：{{ 源值: 代码 }}");
                continue;
            }

            var table = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (source, code) in entries)
            {
                if (code is JsonValue v && v.TryGetValue<string>(out var s))
                {
                    table[source] = s;
                }
                else
                {
                    error($"codeTables.{name}.{source}", $"代码表 {name} 中“{source}”的代码必须是字符串");
                }
            }

            result[name] = table;
        }

        return result;
    }

    private static string? Text(JsonObject obj, string key, Action<string, string> error, bool required, string? missingAt = null)
    {
        var node = obj[key];
        if (node is null)
        {
            if (required)
            {
                error(missingAt is null ? key : "", $"缺少 {key}");
            }

            return null;
        }

        if (node is JsonValue v && v.TryGetValue<string>(out var s))
        {
            return s;
        }

        error(key, $"{key} 必须是字符串");
        return null;
    }

    private static List<string> Strings(JsonObject obj, string key, Action<string, string> error, bool required)
    {
        var node = obj[key];
        if (node is null)
        {
            if (required)
            {
                error(key, $"缺少 {key}");
            }

            return [];
        }

        if (node is not JsonArray array)
        {
            error(key, $"{key} 必须是字符串数组");
            return [];
        }

        var list = new List<string>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonValue v && v.TryGetValue<string>(out var s))
            {
                list.Add(s);
            }
            else
            {
                error($"{key}[{i}]", $"{key} 的每一项必须是字符串");
            }
        }

        return list;
    }
}
