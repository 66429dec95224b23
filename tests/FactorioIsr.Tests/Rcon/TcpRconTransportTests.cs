using System.Net;
using System.Net.Sockets;
using FactorioIsr.Rcon.Transport;

namespace FactorioIsr.Tests.Rcon;

public sealed class TcpRconTransportTests
{
    [Fact]
    public async Task DisposeAsync_WithUnsentBytesOnADeadConnection_DoesNotThrow()
    {
        // A command cut off by a fault leaves bytes in the writer; disposing the session must not fail on them.
        var cancellationToken = TestContext.Current.CancellationToken;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accept = listener.AcceptSocketAsync(cancellationToken);
        var duplex = await TcpRconTransport.Instance.ConnectAsync("127.0.0.1", port, cancellationToken);
        using var server = await accept;
        server.Close(0);

        duplex.Output.GetSpan(64)[..10].Fill((byte)'x');
        duplex.Output.Advance(10);

        await duplex.DisposeAsync();
    }
}
