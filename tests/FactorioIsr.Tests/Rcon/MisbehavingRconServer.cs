using System.Buffers;
using System.Net;
using System.Net.Sockets;
using FactorioIsr.Rcon.Protocol;

namespace FactorioIsr.Tests.Rcon;

/// <summary>
/// A raw loopback TCP server that authenticates like Factorio and then misbehaves as scripted: never answers,
/// answers with garbage, with an impossible length, or with an unknown id. Counts accepted connections.
/// </summary>
internal sealed class MisbehavingRconServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<RconPacket, byte[]?> _onCommand;
    private readonly Func<RconPacket, byte[]>? _onAuth;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _sockets = [];
    private readonly Task _accept;
    private int _connections;

    /// <param name="onCommand">Bytes to send for a command, or null to stay silent.</param>
    /// <param name="onAuth">Bytes to send for the auth packet; default is a correct auth reply.</param>
    public MisbehavingRconServer(Func<RconPacket, byte[]?> onCommand, Func<RconPacket, byte[]>? onAuth = null)
    {
        _onCommand = onCommand;
        _onAuth = onAuth;
        _listener.Start();
        _accept = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref _connections);

    public static byte[] Silent(RconPacket packet) => null!;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            lock (_sockets)
            {
                _sockets.Add(socket);
            }

            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var buffer = new byte[65536];
        var received = 0;
        var authenticated = false;
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(received), _stop.Token);
                if (n == 0)
                {
                    return;
                }

                received += n;
                var sequence = new ReadOnlySequence<byte>(buffer, 0, received);
                while (RconPacketCodec.TryRead(ref sequence, RconPacketCodec.DefaultMaxRequestSize, out var packet, out _) == OperationStatus.Done)
                {
                    var reply = authenticated
                        ? _onCommand(packet)
                        : _onAuth?.Invoke(packet) ?? RconPacketCodec.Encode(packet.Id, RconPacketType.AuthResponse, string.Empty);
                    authenticated = true;
                    if (reply is not null)
                    {
                        await socket.SendAsync(reply, _stop.Token);
                    }
                }

                var consumed = received - (int)sequence.Length;
                Buffer.BlockCopy(buffer, consumed, buffer, 0, (int)sequence.Length);
                received = (int)sequence.Length;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Closed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }

        await _accept;
        _stop.Dispose();
    }
}
