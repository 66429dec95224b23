namespace FactorioIsr.Patterns;

/// <summary>What a parse run saw: counted, never fatal.</summary>
internal sealed record ParseStats(long Lines, long Matched, long InvalidUtf8, long Truncated, long WithNul)
{
    public static ParseStats Zero { get; } = new(0, 0, 0, 0, 0);

    public ParseStats Add(ParseStats other) => new(
        Lines + other.Lines, Matched + other.Matched, InvalidUtf8 + other.InvalidUtf8, Truncated + other.Truncated, WithNul + other.WithNul);
}
