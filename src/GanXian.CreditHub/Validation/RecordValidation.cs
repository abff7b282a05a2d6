using System.Text.Json.Nodes;
using FluentValidation;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Mapping;

namespace GanXian.CreditHub.Validation;

/// <summary>
/// Runs the field rules of the record's catalogue and every registered <see cref="CatalogRuleSet"/> for it. Validators
/// are built once and are thread-safe; the call is explicit (no MVC auto-validation).
/// </summary>
public sealed class RecordValidation
{
    private readonly Dictionary<string, IValidator<JsonObject>> _byCatalog;

    public RecordValidation(CatalogSchemas catalogs, IEnumerable<CatalogRuleSet> ruleSets)
    {
        var sets = ruleSets.ToLookup(r => r.Catalog, StringComparer.Ordinal);
        _byCatalog = catalogs.All.ToDictionary(c => c.Code, IValidator<JsonObject> (c) =>
        {
            var validator = new CatalogFieldValidator(c);
            foreach (var set in sets[c.Code])
            {
                validator.Include(set);
            }

            return validator;
        }, StringComparer.Ordinal);
    }

    /// <summary>
    /// Adds the issues of <paramref name="data"/> to <paramref name="issues"/>. Fields that already have an issue from
    /// mapping (a value that could not be read) are not reported a second time as missing.
    /// </summary>
    public void Validate(string catalog, JsonObject data, Func<string?, string?> columnOf, List<RecordIssue> issues)
    {
        if (!_byCatalog.TryGetValue(catalog, out var validator))
        {
            issues.Add(new RecordIssue(null, null, "UNKNOWN_CATALOG", $"目录 {catalog} 未定义"));
            return;
        }

        var mappingIssues = issues.Count;
        var result = validator.Validate(data);
        foreach (var failure in result.Errors)
        {
            if (failure.ErrorCode == "REQUIRED" && HasIssueFor(issues, mappingIssues, failure.PropertyName))
            {
                continue;
            }

            issues.Add(failure.ToIssue(columnOf));
        }
    }

    private static bool HasIssueFor(List<RecordIssue> issues, int count, string field)
    {
        for (var i = 0; i < count; i++)
        {
            if (issues[i].Field == field)
            {
                return true;
            }
        }

        return false;
    }
}
