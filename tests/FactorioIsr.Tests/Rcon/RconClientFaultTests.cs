using System.Text;
using FactorioIsr.Rcon;
using FactorioIsr.Rcon.Client;
using FactorioIsr.Rcon.Protocol;

namespace FactorioIsr.Tests.Rcon;

public sealed class RconClientFaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RconClient CreateClient(int port, TimeSpan? commandTimeout = null, TimeSpan? probe = null) => new(new RconClientOptions
    {
        Host = "127.0.0.1",
        Port = port,
        Password = "pw",
        CommandTimeout = commandTimeout ?? TimeSpan.FromSeconds(20),
        ConnectTimeout = TimeSpan.FromSeconds(20),
        IdleProbeInterval = probe ?? TimeSpan.FromSeconds(30),
        Backoff = new RconBackoff { Initial = TimeSpan.FromMilliseconds(20), Max = TimeSpan.FromMilliseconds(100), Jitter = 0 },
    });

    [Fact]
    public async Task ExecuteAsync_ServerStopsAnswering_TimesOut_AndResetsConnection()
    {
        await using var server = new MisbehavingRconServer(_ => null);
        await using var client = CreateClient(server.Port, commandTimeout: TimeSpan.FromMilliseconds(500));

        var error = await Assert.ThrowsAsync<RconTimeoutException>(() => client.ExecuteAsync("/version", Ct));
        Assert.True(error.IsTransient);
        Assert.Equal(RconConnectionStatus.Disconnected, client.State.Status);
        Assert.Contains("did not answer", client.State.LastError, StringComparison.Ordinal);

        await Assert.ThrowsAsync<RconTimeoutException>(() => client.ExecuteAsync("/version", Ct));
        Assert.Equal(2, server.Connections);
        Assert.Equal(2, client.State.CommandsFailed);
    }

    [Fact]
    public async Task RunKeepAliveAsync_HalfOpenConnection_IsDetectedAndReset()
    {
        await using var server = new MisbehavingRconServer(_ => null);
        await using var client = CreateClient(server.Port, commandTimeout: TimeSpan.FromMilliseconds(300), probe: TimeSpan.FromMilliseconds(200));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var keepAlive = client.RunKeepAliveAsync(stop.Token);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (server.Connections < 2 && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50, Ct);
        }

        await stop.CancelAsync();
        await keepAlive;
        Assert.True(server.Connections >= 2, $"connections: {server.Connections}");
        Assert.Contains("did not answer", client.State.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_GarbageAuthReply_ProtocolError_NoCrash()
    {
        var garbage = Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\n\r\n");
        await using var server = new MisbehavingRconServer(_ => null, onAuth: _ => garbage);
        await using var client = CreateClient(server.Port);

        var error = await Assert.ThrowsAsync<RconProtocolException>(() => client.ConnectAsync(Ct));

        Assert.Contains("invalid RCON packet length", error.Message, StringComparison.Ordinal);
        Assert.Equal(RconConnectionStatus.Backoff, client.State.Status);
        Assert.Equal(error.Message, client.State.LastError);
    }

    [Fact]
    public async Task ExecuteAsync_OversizedLengthField_ProtocolError_ConnectionReset()
    {
        var oversized = new byte[12];
        BitConverter.TryWriteBytes(oversized.AsSpan(0, 4), int.MaxValue);
        await using var server = new MisbehavingRconServer(_ => oversized);
        await using var client = CreateClient(server.Port);

        var error = await Assert.ThrowsAsync<RconProtocolException>(() => client.ExecuteAsync("/version", Ct));

        Assert.Contains(int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
        Assert.Equal(RconConnectionStatus.Disconnected, client.State.Status);
    }

    [Fact]
    public async Task ExecuteAsync_ReplyForUnknownId_ProtocolError_ConnectionReset_NextCommandReconnects()
    {
        var answered = 0;
        await using var server = new MisbehavingRconServer(packet =>
            Interlocked.Increment(ref answered) == 1
                ? RconPacketCodec.Encode(packet.Id + 1000, RconPacketType.ResponseValue, "stray")
                : RconPacketCodec.Encode(packet.Id, RconPacketType.ResponseValue, "fine"));
        await using var client = CreateClient(server.Port);

        var error = await Assert.ThrowsAsync<RconProtocolException>(() => client.ExecuteAsync("/version", Ct));
        Assert.Contains("unknown request id", error.Message, StringComparison.Ordinal);

        var reply = await RconClientSimulatorTests.RetryAsync(() => client.ExecuteAsync("/version", Ct));
        Assert.Equal("fine", reply);
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task ConnectAsync_AuthReplyWithWrongType_ProtocolError()
    {
        await using var server = new MisbehavingRconServer(_ => null, onAuth: p => RconPacketCodec.Encode(p.Id, RconPacketType.ResponseValue, string.Empty));
        await using var client = CreateClient(server.Port);

        var error = await Assert.ThrowsAsync<RconProtocolException>(() => client.ConnectAsync(Ct));

        Assert.Contains("expected type 2", error.Message, StringComparison.Ordinal);
    }
}
