using System.Runtime.CompilerServices;

namespace FactorioIsr.Events;

/// <summary>
/// Reuses the string of a value seen before (player names: a server has a few hundred, each on thousands of
/// lines), so events share one instance instead of each holding its own copy. A fixed table of slots, one string
/// each, replaced on collision; thread-safe because a slot only ever holds a whole, immutable string.
/// </summary>
internal sealed class StringCache(int slots = 1024)
{
    /// <summary>Longer values are not cached (they are rarely repeated).</summary>
    public const int MaxLength = 64;

    private readonly string?[] _slots = new string?[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, slots))];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Get(ReadOnlySpan<char> value)
    {
        if (value.Length > MaxLength)
        {
            return value.ToString();
        }

        var slot = string.GetHashCode(value) & (_slots.Length - 1);
        var cached = _slots[slot];
        if (cached is not null && value.SequenceEqual(cached))
        {
            return cached;
        }

        var created = value.ToString();
        _slots[slot] = created;
        return created;
    }
}
