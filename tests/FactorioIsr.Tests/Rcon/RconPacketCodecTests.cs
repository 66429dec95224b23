using System.Buffers;
using FactorioIsr.Rcon.Protocol;

namespace FactorioIsr.Tests.Rcon;

public sealed class RconPacketCodecTests
{
    [Fact]
    public void TryRead_EncodedPacket_RoundTrips()
    {
        var bytes = RconPacketCodec.Encode(7, RconPacketType.ExecCommand, "/sc rcon.print('é😀')");
        var buffer = new ReadOnlySequence<byte>(bytes);

        var status = RconPacketCodec.TryRead(ref buffer, RconPacketCodec.DefaultMaxRequestSize, out var packet, out var error);

        Assert.Equal(OperationStatus.Done, status);
        Assert.Null(error);
        Assert.Equal(new RconPacket(7, 2, "/sc rcon.print('é😀')"), packet);
        Assert.True(buffer.IsEmpty);
        Assert.Equal(bytes.Length - 4, BitConverter.ToInt32(bytes, 0));
    }

    [Fact]
    public void TryRead_EveryPrefix_NeedsMoreData_WithoutConsuming()
    {
        var bytes = RconPacketCodec.Encode(1, 0, "hello");
        for (var length = 0; length < bytes.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.Equal(OperationStatus.NeedMoreData, RconPacketCodec.TryRead(ref buffer, 4096, out _, out _));
            Assert.Equal(length, buffer.Length);
        }
    }

    [Fact]
    public void TryRead_LargeReplySplitAcrossManySegments_IsOnePacket()
    {
        var body = new string('x', 1_048_576);
        var bytes = RconPacketCodec.Encode(3, 0, body);
        var buffer = Segmented(bytes, 1460);

        var status = RconPacketCodec.TryRead(ref buffer, RconPacketCodec.DefaultMaxReplySize, out var packet, out _);

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(body, packet.Body);
    }

    [Fact]
    public void TryRead_TwoPacketsBackToBack_ReadsBothInOrder()
    {
        var bytes = RconPacketCodec.Encode(1, 0, "a").Concat(RconPacketCodec.Encode(2, 0, "b")).ToArray();
        var buffer = new ReadOnlySequence<byte>(bytes);

        RconPacketCodec.TryRead(ref buffer, 4096, out var first, out _);
        RconPacketCodec.TryRead(ref buffer, 4096, out var second, out _);

        Assert.Equal(("a", 1), (first.Body, first.Id));
        Assert.Equal(("b", 2), (second.Body, second.Id));
    }

    [Theory]
    [InlineData(9)]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(4097)]
    [InlineData(int.MaxValue)]
    public void TryRead_LengthOutsideLimits_IsInvalidData(int size)
    {
        var bytes = new byte[16];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 4), size);
        var buffer = new ReadOnlySequence<byte>(bytes);

        var status = RconPacketCodec.TryRead(ref buffer, 4096, out _, out var error);

        Assert.Equal(OperationStatus.InvalidData, status);
        Assert.Contains($"invalid RCON packet length {size}", error, StringComparison.Ordinal);
        Assert.Equal(16, buffer.Length);
    }

    [Fact]
    public void TryRead_MissingNulTerminator_IsInvalidData()
    {
        var bytes = RconPacketCodec.Encode(1, 0, "abc");
        bytes[^1] = (byte)'!';
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.Equal(OperationStatus.InvalidData, RconPacketCodec.TryRead(ref buffer, 4096, out _, out var error));
        Assert.Contains("NUL", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_AsciiGarbage_IsInvalidData()
    {
        var buffer = new ReadOnlySequence<byte>("SSH-2.0-OpenSSH_9.2\r\n"u8.ToArray());

        Assert.Equal(OperationStatus.InvalidData, RconPacketCodec.TryRead(ref buffer, RconPacketCodec.DefaultMaxReplySize, out _, out _));
    }

    private static ReadOnlySequence<byte> Segmented(byte[] bytes, int segmentSize)
    {
        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < bytes.Length; offset += segmentSize)
        {
            var memory = bytes.AsMemory(offset, Math.Min(segmentSize, bytes.Length - offset));
            var segment = new Segment(memory, last?.RunningIndex + last?.Memory.Length ?? 0);
            if (last is null)
            {
                first = segment;
            }
            else
            {
                last.SetNext(segment);
            }

            last = segment;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public void SetNext(Segment next) => Next = next;
    }
}
