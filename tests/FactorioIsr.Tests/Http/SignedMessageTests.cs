using FactorioIsr.Http;

namespace FactorioIsr.Tests.Http;

/// <summary>The pooled buffer of <c>POST /interactions</c>: a body of exactly the bound is read whole, one byte more is refused, small first guesses grow.</summary>
public sealed class SignedMessageTests
{
    [Theory]
    [InlineData(10, 1000, true)]
    [InlineData(10, 1024, true)]
    [InlineData(10, 1025, false)]
    [InlineData(2000, 1024, true)]
    [InlineData(2000, 5000, false)]
    public async Task TheBodyIsReadAfterThePrefix_UpToTheBound(int capacity, int bodyLength, bool accepted)
    {
        var body = Enumerable.Range(0, bodyLength).Select(i => (byte)i).ToArray();
        using var message = new SignedMessage(capacity);
        "17"u8.CopyTo(message.Array);
        message.Length = 2;

        var read = await message.ReadAsync(new TrickleStream(body), 2 + 1024, TestContext.Current.CancellationToken);

        Assert.Equal(accepted, read);
        if (accepted)
        {
            Assert.Equal([(byte)'1', (byte)'7', .. body], message.Span.ToArray());
        }
    }

    /// <summary>Hands out at most 100 bytes per read, as a socket does.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 100)], cancellationToken);
    }
}
