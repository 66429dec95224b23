using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;

namespace FactorioIsr.Discord.Gateway;

/// <summary>
/// One gateway socket: whole JSON messages in (frames joined until <c>EndOfMessage</c>), sends serialized (a
/// <see cref="ClientWebSocket"/> allows one send at a time) and rate limited, and a close that never says 1000/1001.
/// </summary>
internal sealed class GatewayConnection : IDisposable
{
    /// <summary>Discord closes with 4002 on a payload larger than this.</summary>
    public const int MaxSendBytes = 4096;

    private readonly ClientWebSocket _socket;
    private readonly GatewaySendLimiter _limiter;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _receive = new(16 * 1024);
    private int _closing;

    private GatewayConnection(ClientWebSocket socket, GatewaySendLimiter limiter)
    {
        _socket = socket;
        _limiter = limiter;
    }

    /// <summary>The close code the server sent, once <see cref="ReceiveAsync"/> returned null.</summary>
    public int? CloseCode => (int?)_socket.CloseStatus;

    public string? CloseReason => _socket.CloseStatusDescription;

    public static async Task<GatewayConnection> OpenAsync(Uri url, GatewayClientOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            using var timeout = new CancellationTokenSource(options.ConnectTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            await socket.ConnectAsync(url, linked.Token).ConfigureAwait(false);
            return new GatewayConnection(socket, new GatewaySendLimiter(time, options.SendLimit, options.SendWindow));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The next message, parsed; null when the server closed (see <see cref="CloseCode"/>). Cancelling aborts the socket
    /// (that is how <see cref="ClientWebSocket"/> works): close it first with <see cref="CloseAsync"/> when that matters.
    /// </summary>
    public async Task<JsonDocument?> ReceiveAsync(CancellationToken cancellationToken)
    {
        _receive.ResetWrittenCount();
        while (true)
        {
            var memory = _receive.GetMemory(8192);
            var result = await _socket.ReceiveAsync(memory, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            _receive.Advance(result.Count);
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(_receive.WrittenMemory);
            }
        }
    }

    /// <summary>Sends one payload; <paramref name="priority"/> for heartbeat, Identify and Resume (see <see cref="GatewaySendLimiter"/>).</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, bool priority, CancellationToken cancellationToken)
    {
        if (payload.Length > MaxSendBytes)
        {
            throw new ArgumentException($"A gateway payload is at most {MaxSendBytes} bytes; this one has {payload.Length}.", nameof(payload));
        }

        await _limiter.AcquireAsync(priority, cancellationToken).ConfigureAwait(false);
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// Sends a close frame with <paramref name="code"/> (the session stays resumable unless it is 1000/1001) without
    /// waiting for the answer, within <paramref name="timeout"/>; a socket that cannot take it is aborted. Once only.
    /// </summary>
    public async Task CloseAsync(int code, string reason, TimeSpan timeout, TimeProvider time)
    {
        if (Interlocked.Exchange(ref _closing, 1) == 1)
        {
            return;
        }

        using var cts = new CancellationTokenSource(timeout, time);
        try
        {
            await _sendLock.WaitAsync(cts.Token).ConfigureAwait(false);
            try
            {
                if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await _socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, cts.Token).ConfigureAwait(false);
                }
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            _socket.Abort();
        }
    }

    public void Abort() => _socket.Abort();

    public void Dispose()
    {
        _socket.Dispose();
        _sendLock.Dispose();
    }
}
