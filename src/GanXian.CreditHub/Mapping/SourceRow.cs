using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace GanXian.CreditHub.Mapping;

/// <summary>
/// The raw cells of one source row by header (<see cref="Exchange.CollectedRecord.Original"/>): the header array is
/// shared by every row of a file, so a row costs one array, not a dictionary.
/// </summary>
public sealed class SourceRow(string[] headers, string?[] values) : IReadOnlyDictionary<string, string?>
{
    public string? this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => headers;

    public IEnumerable<string?> Values => values;

    public int Count => headers.Length;

    public bool ContainsKey(string key) => Array.IndexOf(headers, key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string? value)
    {
        var i = Array.IndexOf(headers, key);
        value = i >= 0 ? values[i] : null;
        return i >= 0;
    }

    public IEnumerator<KeyValuePair<string, string?>> GetEnumerator()
    {
        for (var i = 0; i < headers.Length; i++)
        {
            yield return new KeyValuePair<string, string?>(headers[i], values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
