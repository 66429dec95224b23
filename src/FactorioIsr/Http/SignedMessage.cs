using System.Buffers;

namespace FactorioIsr.Http;

/// <summary>The signed bytes of one request in a pooled buffer, grown as the body is read, up to a bound.</summary>
internal sealed class SignedMessage(int capacity) : IDisposable
{
    public byte[] Array { get; private set; } = ArrayPool<byte>.Shared.Rent(Math.Max(capacity + 1, 256)); // + 1: the read that finds the end

    public int Length { get; set; }

    public ReadOnlySpan<byte> Span => Array.AsSpan(0, Length);

    /// <summary>Appends the rest of <paramref name="body"/>; false when it holds more than <paramref name="limit"/> bytes in all.</summary>
    public async Task<bool> ReadAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (Length == Array.Length)
            {
                if (Length >= limit + 1)
                {
                    return false;
                }

                // Room for one byte past the limit tells a body of exactly the bound from a larger one.
                var larger = ArrayPool<byte>.Shared.Rent(Math.Min(Array.Length * 2, limit + 1));
                Array.AsSpan(0, Length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(Array);
                Array = larger;
            }

            var read = await body.ReadAsync(Array.AsMemory(Length, Math.Min(Array.Length, limit + 1) - Length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return Length <= limit;
            }

            Length += read;
            if (Length > limit)
            {
                return false;
            }
        }
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(Array);
}
