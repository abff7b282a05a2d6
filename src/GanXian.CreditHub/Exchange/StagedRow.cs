namespace GanXian.CreditHub.Exchange;

/// <summary>One input row on its way into the staging table.</summary>
internal sealed record StagedRow(
    long Row,
    string? RecordId,
    string? ContentHash,
    string? Data,
    DateOnly? PublishUntil,
    string? EntityKey,
    string? Issues,
    string? Field,
    string? Rule,
    string? Message,
    string? Original)
{
    /// <summary>The staged form of a collected record: canonical data and its hash, or the issues that quarantine it.</summary>
    public static StagedRow From(CollectedRecord r)
    {
        string? data = null, hash = null, entityKey;
        if (r.Fields is { } fields)
        {
            // The collection reader's records: canonical bytes written from the mapped values, no JSON object.
            (data, hash) = ExchangeJson.Canonical(fields);
            entityKey = ExchangeJson.EntityKey(fields);
        }
        else
        {
            if (r.Data is not null)
            {
                (data, hash) = ExchangeJson.Canonical(r.Data);
            }

            entityKey = ExchangeJson.EntityKey(r.Data);
        }

        if (r.IsValid)
        {
            return new StagedRow(r.Source.Row, r.RecordId, hash, data, r.PublishUntil, entityKey, null, null, null, null, null);
        }

        RecordIssue? first = null;
        foreach (var issue in r.Issues)
        {
            if (issue.Severity == IssueSeverity.Error)
            {
                first = issue;
                break;
            }
        }

        var issues = r.Issues;
        if (first is null)
        {
            first = r.RecordId is null
                ? new RecordIssue(null, null, "MISSING_KEY", "缺少业务主键字段，无法确定记录标识")
                : new RecordIssue(null, null, "NOT_MAPPED", "记录无法映射为平台数据");
            issues = [first, .. r.Issues];
        }

        return new StagedRow(r.Source.Row, r.RecordId, hash, data, r.PublishUntil, entityKey,
            ExchangeJson.Issues(issues), first.Field, first.Rule, first.Message, ExchangeJson.Original(r.Original));
    }
}
