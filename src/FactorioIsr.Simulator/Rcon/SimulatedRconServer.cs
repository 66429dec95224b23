using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using FactorioIsr.Rcon.Protocol;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Simulator.Rcon;

/// <summary>
/// A Source RCON server with Factorio's quirks: exactly one type-2 auth reply (id echoed, or -1 for a wrong password,
/// then the socket is closed), one reply per command echoing its id, no reply at all for an empty command, replies
/// of any size in one packet, and replies written whenever their command finishes (so out of order).
/// </summary>
internal sealed partial class SimulatedRconServer : IAsyncDisposable
{
    private readonly string _password;
    private readonly Func<string, CommandResult> _handler;
    private readonly Action<IPEndPoint> _onConnection;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Socket, byte> _connections = new();
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;
    private Task _acceptLoop = Task.CompletedTask;

    public SimulatedRconServer(int port, string password, Func<string, CommandResult> handler, Action<IPEndPoint> onConnection, ILogger logger)
    {
        Port = port;
        _password = password;
        _handler = handler;
        _onConnection = onConnection;
        _logger = logger;
    }

    /// <summary>The bound port (the requested one, or the ephemeral one chosen for port 0).</summary>
    public int Port { get; private set; }

    public bool IsListening => _listener is not null;

    public void Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start(backlog: 64);
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _stop = new CancellationTokenSource();
        _acceptLoop = AcceptLoopAsync(listener, _stop.Token);
    }

    /// <summary>Closes the listener and every open connection (as if the process had gone).</summary>
    public async Task StopAsync()
    {
        var listener = _listener;
        if (listener is null)
        {
            return;
        }

        _listener = null;
        await _stop!.CancelAsync();
        listener.Stop();
        foreach (var socket in _connections.Keys)
        {
            CloseQuietly(socket);
        }

        await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        _stop = null;
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            socket.NoDelay = true;
            _connections[socket] = 0;
            _ = ServeAsync(socket, cancellationToken);
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken cancellationToken)
    {
        var writeLock = new SemaphoreSlim(1, 1);
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024));
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        try
        {
            if (socket.RemoteEndPoint is IPEndPoint remote)
            {
                _onConnection(remote);
            }

            var authenticated = false;
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                while (true)
                {
                    var status = RconPacketCodec.TryRead(ref buffer, RconPacketCodec.DefaultMaxRequestSize, out var packet, out var error);
                    if (status == OperationStatus.InvalidData)
                    {
                        Log.BadPacket(_logger, Port, error!);
                        return;
                    }

                    if (status == OperationStatus.NeedMoreData)
                    {
                        break;
                    }

                    if (!authenticated)
                    {
                        var ok = packet.Type == RconPacketType.Auth && packet.Body == _password;
                        await SendAsync(writer, writeLock, ok ? packet.Id : -1, RconPacketType.AuthResponse, string.Empty, cancellationToken);
                        if (!ok)
                        {
                            return;
                        }

                        authenticated = true;
                        continue;
                    }

                    if (packet.Type != RconPacketType.ExecCommand || packet.Body.Length == 0)
                    {
                        continue; // Factorio never answers an empty command.
                    }

                    _ = AnswerAsync(packet, writer, writeLock, cancellationToken);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer went away or the server is stopping.
        }
        finally
        {
            _connections.TryRemove(socket, out _);
            await reader.CompleteAsync();
            await writer.CompleteAsync();
        }
    }

    private async Task AnswerAsync(RconPacket packet, PipeWriter writer, SemaphoreSlim writeLock, CancellationToken cancellationToken)
    {
        try
        {
            var result = _handler(packet.Body);
            if (result.Delay > TimeSpan.Zero)
            {
                await Task.Delay(result.Delay, cancellationToken);
            }

            if (result.Reply is not null)
            {
                await SendAsync(writer, writeLock, packet.Id, RconPacketType.ResponseValue, result.Reply, cancellationToken);
            }

            if (result.AfterReply is not null)
            {
                await result.AfterReply();
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // Connection closed before the reply could be written.
        }
    }

    private static async Task SendAsync(PipeWriter writer, SemaphoreSlim writeLock, int id, int type, string body, CancellationToken cancellationToken)
    {
        await writeLock.WaitAsync(cancellationToken);
        try
        {
            RconPacketCodec.Write(writer, id, type, body);
            await writer.FlushAsync(cancellationToken);
        }
        finally
        {
            writeLock.Release();
        }
    }

    private static void CloseQuietly(Socket socket)
    {
        try
        {
            socket.Close(0);
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }
    }
}
