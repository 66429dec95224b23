using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace FactorioIsr.Events;

/// <summary>
/// The named groups of one match as a small read-only dictionary in pattern order, looked up by a linear scan
/// (a pattern has a handful of groups). Up to three pairs live in the object itself: an event keeps one object
/// for its fields instead of a hashed dictionary's several, which the GC then has fewer of to trace and move.
/// </summary>
internal sealed class EventFields : IReadOnlyDictionary<string, string>
{
    private const int Inline = 3;

    private readonly int _count;
    private readonly string? _key0, _value0, _key1, _value1, _key2, _value2;
    private readonly KeyValuePair<string, string>[]? _more;

    private EventFields(ReadOnlySpan<KeyValuePair<string, string>> pairs)
    {
        _count = pairs.Length;
        if (pairs.Length > Inline)
        {
            _more = pairs.ToArray();
            return;
        }

        if (pairs.Length > 0)
        {
            (_key0, _value0) = pairs[0];
        }

        if (pairs.Length > 1)
        {
            (_key1, _value1) = pairs[1];
        }

        if (pairs.Length > 2)
        {
            (_key2, _value2) = pairs[2];
        }
    }

    public static EventFields Empty { get; } = new([]);

    /// <param name="pairs">Distinct keys (ordinal), in the order to enumerate them; copied.</param>
    public static EventFields Create(ReadOnlySpan<KeyValuePair<string, string>> pairs) => pairs.IsEmpty ? Empty : new(pairs);

    public int Count => _count;

    public IEnumerable<string> Keys => this.Select(p => p.Key);

    public IEnumerable<string> Values => this.Select(p => p.Value);

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No field '{key}'.");

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        for (var i = 0; i < _count; i++)
        {
            var pair = At(i);
            if (string.Equals(pair.Key, key, StringComparison.Ordinal))
            {
                value = pair.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return At(i);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private KeyValuePair<string, string> At(int index) => _more is not null
        ? _more[index]
        : index switch
        {
            0 => new(_key0!, _value0!),
            1 => new(_key1!, _value1!),
            _ => new(_key2!, _value2!),
        };
}
