namespace GanXian.CreditHub.Collect;

/// <summary>
/// Decoded cell text of one file, shared between rows: an export repeats each employer's name and credit code for every
/// insurance type and month, and the code names, periods and states on every row. A fixed table that keeps the latest
/// string per slot (a cache, not a set), so a column of unique values costs a hash and a compare, and memory stays flat.
/// </summary>
internal sealed class CellPool
{
    private const int MaxLength = 64;
    private readonly string?[] _slots;
    private readonly int _mask;

    // Small on purpose: values that repeat on consecutive rows (an employer's name and code) are caught before the
    // pool (FileBinding compares with the previous row's cell); the pool is for the few values that recur
    // out of order (insurance types, states). A large table would keep tens of thousands of strings alive across
    // collections and make every gen0 GC copy them.
    public CellPool(int bits = 10)
    {
        _slots = new string?[1 << bits];
        _mask = _slots.Length - 1;
    }

    public string Get(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return "";
        }

        if (text.Length > MaxLength)
        {
            return new string(text);
        }

        var slot = string.GetHashCode(text) & _mask;
        var s = _slots[slot];
        if (s is not null && text.SequenceEqual(s))
        {
            return s;
        }

        s = new string(text);
        _slots[slot] = s;
        return s;
    }
}
