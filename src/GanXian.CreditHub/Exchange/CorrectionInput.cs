using System.Text.Json;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Mapping;

namespace GanXian.CreditHub.Exchange;

/// <summary>
/// An officer's corrected data, brought into the form an import gives it before the catalogue's rules judge it.
/// Clients write what they read in an export: <c>"2026/10/10"</c> for a date, <c>"202609"</c> or <c>"2026-09"</c> for a
/// period, <c>"7"</c> for a count, 基本医疗保险 for the code 310. Each text value runs through its field's transforms
/// from the mapping file, as the same text in a source file would, and is then typed (numbers as numbers). A field the
/// catalogue does not have is refused: the platform refuses the whole record for it (UNKNOWN_FIELD).
/// </summary>
internal static class CorrectionInput
{
    public static JsonObject Normalize(CompiledMapping mapping, JsonObject data, List<RecordIssue> problems)
    {
        var catalog = mapping.Catalog;
        var result = new JsonObject();
        foreach (var (given, node) in data)
        {
            var code = Code(catalog, given);
            if (catalog.Field(code) is not { } spec)
            {
                problems.Add(new RecordIssue(code, null, "UNKNOWN_FIELD",
                    $"目录 {catalog.Code} 没有字段 {code}（可用：{string.Join("、", catalog.Fields.Select(f => f.Code))}）"));
                continue;
            }

            // null is "no value" (and in a merge patch: remove the field); the required rule then speaks.
            if (node is null)
            {
                continue;
            }

            if (node is not JsonValue value || value.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
            {
                problems.Add(new RecordIssue(code, null, "TYPE_MISMATCH", $"{spec.Name}（{code}）应为文本或数值"));
                continue;
            }

            if (value.GetValueKind() == JsonValueKind.Number && spec.Type is FieldTypes.Integer or FieldTypes.Decimal)
            {
                result[code] = node.DeepClone();
                continue;
            }

            var text = FieldValues.Text(node) ?? "";
            JsonNode typed = null!;
            if (!Transform(mapping.Fields.FirstOrDefault(f => f.Spec.Code == code), ref text, out var failure)
                || text.Length > 0 && !FieldValues.ToJson(spec, text, out typed, out failure))
            {
                problems.Add(new RecordIssue(code, null, failure.Rule, $"{spec.Name}（{code}）{failure.Message}"));
                continue;
            }

            if (text.Length > 0)
            {
                result[code] = typed;
            }
        }

        return result;
    }

    /// <summary>
    /// <paramref name="patch"/> applied to the stored data as a JSON merge patch (RFC 7396): a given field replaces, null
    /// removes, the rest stays, so a client can correct the one field that was wrong.
    /// </summary>
    public static JsonObject Merge(string? stored, JsonObject patch, CatalogSpec? catalog)
    {
        var merged = stored is not null && JsonNode.Parse(stored) is JsonObject o ? o : new JsonObject();
        foreach (var (given, value) in patch)
        {
            var code = catalog is null ? given : Code(catalog, given);
            merged.Remove(code);
            if (value is not null)
            {
                merged[code] = value.DeepClone();
            }
        }

        return merged;
    }

    /// <summary>
    /// Why a correction's body cannot be read, or null: it is not an object, or an object in it names a property twice
    /// (also in two cases: field codes and data/note match in any case). A <see cref="JsonObject"/> made of such a body
    /// throws the first time it is read (a 500), and which of the two values the officer meant cannot be known.
    /// </summary>
    public static string? BodyError(JsonElement body) =>
        body.ValueKind != JsonValueKind.Object ? "请求体须为 JSON 对象：{\"data\": {…}, \"note\": …}，或记录的字段本身" : DuplicateKey(body);

    private static string? DuplicateKey(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            return element.EnumerateArray().Select(DuplicateKey).FirstOrDefault(e => e is not null);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.TryAdd(property.Name, property.Name))
            {
                var first = seen[property.Name];
                // A key is the client's text: it could be an ID number, and error messages never carry one (DOMAIN.md §6).
                return Hosting.PersonalIdRedactor.Mask(
                    $"请求体中的字段“{first}”重复出现{(first == property.Name ? "" : $"（另一处写作“{property.Name}”）")}，无法确定以哪个值为准");
            }

            if (DuplicateKey(property.Value) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }

    /// <summary>
    /// The catalogue's spelling of a field code given in another case: a JSON serializer with a camel-case policy
    /// (ASP.NET's web defaults, many JavaScript clients) turns YJJE into yjje. The codes differ in more than case.
    /// </summary>
    public static string Code(CatalogSpec catalog, string given) =>
        catalog.Field(given) is not null ? given
        : catalog.Fields.FirstOrDefault(f => string.Equals(f.Code, given, StringComparison.OrdinalIgnoreCase))?.Code ?? given;

    /// <summary>The field's transforms but yuan-to-wan, which would divide an amount already in 万元 again.</summary>
    private static bool Transform(CompiledField? field, ref string text, out TransformFailure failure)
    {
        failure = default;
        if (field is null || field.Chain.Length != field.Mapping.Transforms.Count)
        {
            text = text.Trim();
            return true;
        }

        for (var i = 0; i < field.Chain.Length; i++)
        {
            if (field.Mapping.Transforms[i].Trim() == "yuan-to-wan")
            {
                continue;
            }

            if (!field.Chain[i](text, out var output, out failure))
            {
                return false;
            }

            text = output;
        }

        text = text.Trim();
        return true;
    }
}
