using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace FactorioIsr.Events;

/// <summary>
/// The named groups of one match as a small read-only dictionary: an array of pairs in pattern order, looked up
/// by a linear scan (a pattern has a handful of groups). Cheaper to build per event than a hashed dictionary.
/// </summary>
internal sealed class EventFields : IReadOnlyDictionary<string, string>
{
    private readonly KeyValuePair<string, string>[] _pairs;

    /// <param name="pairs">Distinct keys (ordinal), in the order to enumerate them; the array is kept, not copied.</param>
    public EventFields(KeyValuePair<string, string>[] pairs) => _pairs = pairs;

    public static EventFields Empty { get; } = new([]);

    public int Count => _pairs.Length;

    public IEnumerable<string> Keys => _pairs.Select(p => p.Key);

    public IEnumerable<string> Values => _pairs.Select(p => p.Value);

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No field '{key}'.");

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        foreach (var pair in _pairs)
        {
            if (string.Equals(pair.Key, key, StringComparison.Ordinal))
            {
                value = pair.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_pairs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
