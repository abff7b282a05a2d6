using FluentValidation;
using FluentValidation.Results;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Mapping;

namespace GanXian.CreditHub.Validation;

/// <summary>
/// Catalogue-specific rules (cross-field checks) for one catalogue over the record's platform-field values. Registered
/// in DI; <see cref="RecordValidation"/> runs every set for the record's catalogue. A rule set is also a FluentValidation
/// validator (the same <see cref="Check"/> behind one rule), for callers that compose validators.
/// </summary>
public abstract class CatalogRuleSet : AbstractValidator<RecordFields>
{
    protected CatalogRuleSet() => RuleFor(d => d).Custom((data, ctx) => Check(data, new ValidationContextSink(ctx)));

    public abstract string Catalog { get; }

    /// <summary>Reports every broken rule of <paramref name="data"/> to <paramref name="issues"/>.</summary>
    public abstract void Check(RecordFields data, IssueSink issues);

    /// <summary>
    /// The publication end of a record whose mapping gives none (its <c>publishUntil</c> field empty or not mapped),
    /// when the catalogue's rules fix one; null otherwise.
    /// </summary>
    public virtual DateOnly? DefaultPublishUntil(RecordFields data) => null;
}

/// <summary>Where rules report a broken rule: the platform field, a stable rule code and a Chinese message.</summary>
public abstract class IssueSink
{
    public abstract void Fail(string field, string rule, string message, IssueSeverity severity = IssueSeverity.Error);
}

/// <summary>Rules run as FluentValidation validators report into the validation context.</summary>
internal sealed class ValidationContextSink(ValidationContext<RecordFields> ctx) : IssueSink
{
    public override void Fail(string field, string rule, string message, IssueSeverity severity = IssueSeverity.Error) =>
        ctx.AddFailure(new ValidationFailure(field, message)
        {
            ErrorCode = rule,
            Severity = severity == IssueSeverity.Error ? Severity.Error : Severity.Warning,
        });
}

internal static class ValidationFailures
{
    public static RecordIssue ToIssue(this ValidationFailure f, Func<string?, string?> columnOf) =>
        new(string.IsNullOrEmpty(f.PropertyName) ? null : f.PropertyName, columnOf(f.PropertyName), f.ErrorCode, f.ErrorMessage,
            f.Severity == Severity.Error ? IssueSeverity.Error : IssueSeverity.Warning);
}
