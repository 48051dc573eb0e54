using System.Collections;

namespace PipelineBuild.Core.Locking;

/// <summary>
/// A read-only map of a few entries (at most <see cref="MaxEntries"/>), kept in one array and searched in order, keys
/// compared ordinally. A lock entry's inputs and outputs are most often one path each: as a <see cref="Dictionary{TKey,TValue}"/>
/// each costs three objects and ≈ 300 bytes, read for every step of every run.
/// </summary>
internal sealed class SmallMap<TValue> : IReadOnlyDictionary<string, TValue>
{
    public const int MaxEntries = 8;

    public static readonly SmallMap<TValue> Empty = new([]);

    private readonly KeyValuePair<string, TValue>[] _entries;

    private SmallMap(KeyValuePair<string, TValue>[] entries)
    {
        _entries = entries;
    }

    public int Count => _entries.Length;

    /// <summary>The entries in order, to go through without an enumerator object.</summary>
    public ReadOnlySpan<KeyValuePair<string, TValue>> Entries => _entries;

    public IEnumerable<string> Keys => _entries.Select(static e => e.Key);

    public IEnumerable<TValue> Values => _entries.Select(static e => e.Value);

    public TValue this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"'{key}' is not in the map");

    /// <summary>
    /// The map of <paramref name="pairs"/> as a dictionary filled by <c>map[key] = value</c> would hold them: a repeated
    /// key keeps its first place and its last value. Null when there are more than <see cref="MaxEntries"/> keys.
    /// </summary>
    public static SmallMap<TValue>? TryOf(List<KeyValuePair<string, TValue>> pairs)
    {
        if (pairs.Count == 0)
        {
            return Empty;
        }

        if (pairs.Count > MaxEntries)
        {
            return null;
        }

        var entries = new KeyValuePair<string, TValue>[pairs.Count];
        var count = 0;
        foreach (var pair in pairs)
        {
            var at = IndexOf(entries.AsSpan(0, count), pair.Key);
            entries[at < 0 ? count++ : at] = pair;
        }

        return new SmallMap<TValue>(count == entries.Length ? entries : entries[..count]);
    }

    public bool ContainsKey(string key) => IndexOf(_entries, key) >= 0;

    public bool TryGetValue(string key, out TValue value)
    {
        var at = IndexOf(_entries, key);
        value = at >= 0 ? _entries[at].Value : default!;
        return at >= 0;
    }

    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, TValue>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static int IndexOf(ReadOnlySpan<KeyValuePair<string, TValue>> entries, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (var i = 0; i < entries.Length; i++)
        {
            if (string.Equals(entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
