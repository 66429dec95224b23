namespace FactorioIsr.Tailing;

/// <summary>FNV-1a 64: the fingerprint of a file's head and the offset marker. Incremental, allocation-free.</summary>
internal static class ContentHash
{
    public const ulong Seed = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Append(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }

    public static ulong Of(ReadOnlySpan<byte> bytes) => Append(Seed, bytes);
}
