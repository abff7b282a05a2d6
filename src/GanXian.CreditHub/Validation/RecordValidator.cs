using System.Text.Json.Nodes;
using FluentValidation;
using FluentValidation.Results;
using GanXian.CreditHub.Exchange;

namespace GanXian.CreditHub.Validation;

/// <summary>
/// Catalogue-specific rules (cross-field checks) for one catalogue, as a FluentValidation validator over the record's
/// platform-field data. Registered in DI; <see cref="RecordValidation"/> runs every set for the record's catalogue.
/// </summary>
public abstract class CatalogRuleSet : AbstractValidator<JsonObject>
{
    public abstract string Catalog { get; }

    /// <summary>Adds an issue about <paramref name="field"/> with a stable rule code and a Chinese message.</summary>
    protected static void Fail(ValidationContext<JsonObject> ctx, string field, string rule, string message, Severity severity = Severity.Error) =>
        ctx.AddFailure(new ValidationFailure(field, message) { ErrorCode = rule, Severity = severity });
}

internal static class ValidationFailures
{
    public static RecordIssue ToIssue(this ValidationFailure f, Func<string?, string?> columnOf) =>
        new(string.IsNullOrEmpty(f.PropertyName) ? null : f.PropertyName, columnOf(f.PropertyName), f.ErrorCode, f.ErrorMessage,
            f.Severity == Severity.Error ? IssueSeverity.Error : IssueSeverity.Warning);
}
