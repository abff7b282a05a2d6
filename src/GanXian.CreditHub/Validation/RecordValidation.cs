using System.Text.Json.Nodes;
using FluentValidation;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Mapping;

namespace GanXian.CreditHub.Validation;

/// <summary>
/// Runs the field rules of the record's catalogue and every registered <see cref="CatalogRuleSet"/> for it. Validators
/// are built once and are thread-safe; the call is explicit (no MVC auto-validation). The rules are called directly
/// rather than through FluentValidation's pipeline, whose contexts and results cost more per record than the rules
/// themselves; <see cref="ValidatorFor"/> gives the same rules composed as one FluentValidation validator.
/// </summary>
public sealed class RecordValidation
{
    private readonly Dictionary<string, CatalogRules> _byCatalog;

    public RecordValidation(CatalogSchemas catalogs, IEnumerable<CatalogRuleSet> ruleSets)
    {
        var sets = ruleSets.ToLookup(r => r.Catalog, StringComparer.Ordinal);
        _byCatalog = catalogs.All.ToDictionary(c => c.Code, c => new CatalogRules(c, new CatalogFieldValidator(c), [.. sets[c.Code]]), StringComparer.Ordinal);
    }

    private sealed record CatalogRules(CatalogSpec Catalog, CatalogFieldValidator Fields, CatalogRuleSet[] Sets);

    /// <summary>The catalogue's field rules and rule sets as one FluentValidation validator (same failures, same order).</summary>
    public IValidator<RecordFields>? ValidatorFor(string catalog)
    {
        if (!_byCatalog.TryGetValue(catalog, out var rules))
        {
            return null;
        }

        var validator = new InlineValidator<RecordFields>();
        validator.Include(rules.Fields);
        foreach (var set in rules.Sets)
        {
            validator.Include(set);
        }

        return validator;
    }

    /// <summary>
    /// Adds the issues of <paramref name="data"/> to <paramref name="issues"/>. Fields that already have an issue from
    /// mapping (a value that could not be read) are not reported a second time as missing.
    /// </summary>
    public void Validate(string catalog, JsonObject data, Func<string?, string?> columnOf, List<RecordIssue> issues)
    {
        if (!_byCatalog.TryGetValue(catalog, out var rules))
        {
            issues.Add(new RecordIssue(null, null, "UNKNOWN_CATALOG", $"目录 {catalog} 未定义"));
            return;
        }

        Validate(rules, RecordFields.From(rules.Catalog, data), columnOf, issues);
    }

    /// <summary>The publication end the catalogue's rules give a record that has none from its mapping (<see cref="CatalogRuleSet.DefaultPublishUntil"/>).</summary>
    public DateOnly? DefaultPublishUntil(string catalog, RecordFields data)
    {
        if (!_byCatalog.TryGetValue(catalog, out var rules))
        {
            return null;
        }

        foreach (var set in rules.Sets)
        {
            if (set.DefaultPublishUntil(data) is { } until)
            {
                return until;
            }
        }

        return null;
    }

    public DateOnly? DefaultPublishUntil(string catalog, JsonObject data) =>
        _byCatalog.TryGetValue(catalog, out var rules) ? DefaultPublishUntil(catalog, RecordFields.From(rules.Catalog, data)) : null;

    /// <summary>The same for mapped fields (the collection path, without a JSON object per record).</summary>
    public void Validate(string catalog, RecordFields data, Func<string?, string?> columnOf, List<RecordIssue> issues)
    {
        if (!_byCatalog.TryGetValue(catalog, out var rules))
        {
            issues.Add(new RecordIssue(null, null, "UNKNOWN_CATALOG", $"目录 {catalog} 未定义"));
            return;
        }

        Validate(rules, data, columnOf, issues);
    }

    private static void Validate(CatalogRules rules, RecordFields data, Func<string?, string?> columnOf, List<RecordIssue> issues)
    {
        var sink = new ListSink(issues, columnOf);
        rules.Fields.Check(data, sink);
        foreach (var set in rules.Sets)
        {
            set.Check(data, sink);
        }
    }

    private sealed class ListSink(List<RecordIssue> issues, Func<string?, string?> columnOf) : IssueSink
    {
        private readonly int _mappingIssues = issues.Count;

        public override void Fail(string field, string rule, string message, IssueSeverity severity = IssueSeverity.Error)
        {
            if (rule == "REQUIRED" && HasIssueFor(field))
            {
                return;
            }

            issues.Add(new RecordIssue(string.IsNullOrEmpty(field) ? null : field, columnOf(field), rule, message, severity));
        }

        private bool HasIssueFor(string field)
        {
            for (var i = 0; i < _mappingIssues; i++)
            {
                if (issues[i].Field == field)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
