namespace GanXian.CreditHub.PlatformSimulator.State;

/// <summary>What the platform holds of one record: no data, only what reconciliation compares (hash, status, time).</summary>
public sealed record StoredRecord(string Catalog, string RecordId, string PlatformId, string Status, string ContentHash, DateTimeOffset UpdatedAt)
{
    internal RecordKey Key => new(UpdatedAt.UtcTicks, RecordId);
}

/// <summary>The read-back order of PLATFORM-API.md §5: updatedAt, then recordId (ordinal).</summary>
internal readonly record struct RecordKey(long UpdatedTicks, string RecordId) : IComparable<RecordKey>
{
    public int CompareTo(RecordKey other)
    {
        var c = UpdatedTicks.CompareTo(other.UpdatedTicks);
        return c != 0 ? c : string.CompareOrdinal(RecordId, other.RecordId);
    }
}

/// <summary>One record of a batch after the stateless checks, ready to be applied under the state lock.</summary>
internal sealed record PreparedRecord(string RecordId, string Op, string? ContentHash, List<Platform.Contract.RecordError>? Errors);
