namespace GanXian.CreditHub.PlatformSimulator.State;

/// <summary>
/// The read-back order of one catalogue (updatedAt, then recordId) as a sorted array of keys instead of a tree: the
/// platform stamps every change with a strictly later time, so new keys land at the end (a batch's keys share one
/// time and are placed among themselves by a short binary insert). A replaced or deleted key is not removed but left
/// stale: readers skip keys that no longer match the record held (<paramref name="isLive"/>), and the array is
/// compacted when more than half of it is stale. No node object per record, and appends cost no rebalancing.
/// </summary>
internal sealed class UpdateIndex(Func<RecordKey, bool> isLive)
{
    private readonly List<RecordKey> _keys = [];
    private int _stale;

    public int LiveCount => _keys.Count - _stale;

    public void Add(RecordKey key)
    {
        var count = _keys.Count;
        if (count == 0 || _keys[count - 1].CompareTo(key) < 0)
        {
            _keys.Add(key);
            return;
        }

        var at = _keys.BinarySearch(key);
        if (at < 0)
        {
            _keys.Insert(~at, key);
        }
    }

    /// <summary>The key no longer names the record's current state (it was replaced or deleted).</summary>
    public void Retire()
    {
        if (++_stale > 1024 && _stale > _keys.Count / 2)
        {
            _keys.RemoveAll(k => !isLive(k));
            _stale = 0;
        }
    }

    /// <summary>Live keys strictly after <paramref name="after"/> and at or after <paramref name="from"/>, in order.</summary>
    public IEnumerable<RecordKey> From(RecordKey from, RecordKey? after)
    {
        var start = _keys.BinarySearch(from);
        for (var i = start < 0 ? ~start : start; i < _keys.Count; i++)
        {
            var key = _keys[i];
            if ((after is { } a && key.CompareTo(a) <= 0) || !isLive(key))
            {
                continue;
            }

            yield return key;
        }
    }
}
