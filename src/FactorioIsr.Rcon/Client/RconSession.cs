using System.Buffers;
using System.Collections.Concurrent;
using FactorioIsr.Rcon.Protocol;
using FactorioIsr.Rcon.Transport;

namespace FactorioIsr.Rcon.Client;

/// <summary>
/// One authenticated connection: writes requests under a lock, one reader loop matches replies to requests by id
/// (Factorio may answer a long command after a later short one). Any protocol violation faults the whole session;
/// the owning <see cref="RconClient"/> then opens a new one.
/// </summary>
internal sealed class RconSession : IAsyncDisposable
{
    private readonly IRconDuplex _duplex;
    private readonly string _server;
    private readonly int _maxReplySize;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<string>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _readLoop = Task.CompletedTask;
    private Exception? _fault;
    private int _nextId;

    private readonly Action<RconSession, Exception>? _onFault;

    private RconSession(IRconDuplex duplex, string server, int maxReplySize, Action<RconSession, Exception>? onFault)
    {
        _duplex = duplex;
        _server = server;
        _maxReplySize = maxReplySize;
        _onFault = onFault;
    }

    public bool IsAlive => Volatile.Read(ref _fault) is null;

    public Exception? Fault => Volatile.Read(ref _fault);

    /// <param name="onFault">Called once when the session dies (peer closed, protocol error, timeout), so state is current
    /// without waiting for the next command.</param>
    public static async Task<RconSession> OpenAsync(IRconTransport transport, RconClientOptions options, Action<RconSession, Exception>? onFault, CancellationToken cancellationToken)
    {
        var duplex = await transport.ConnectAsync(options.Host, options.Port, cancellationToken).ConfigureAwait(false);
        var session = new RconSession(duplex, options.DisplayName, options.MaxReplySize, onFault);
        try
        {
            await session.AuthenticateAsync(options.Password, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        session._readLoop = session.ReadLoopAsync();
        return session;
    }

    private async Task AuthenticateAsync(string password, CancellationToken cancellationToken)
    {
        var id = NextId();
        RconPacketCodec.Write(_duplex.Output, id, RconPacketType.Auth, password);
        await _duplex.Output.FlushAsync(cancellationToken).ConfigureAwait(false);

        // Factorio answers auth with exactly one packet of type 2 (no SRCDS-style empty packet first).
        var reply = await ReadOnePacketAsync(cancellationToken).ConfigureAwait(false);
        if (reply.Id == -1)
        {
            throw new RconAuthenticationException($"RCON authentication to {_server} failed: wrong password");
        }

        if (reply.Type != RconPacketType.AuthResponse || reply.Id != id)
        {
            throw new RconProtocolException(
                $"RCON server {_server} answered authentication with type {reply.Type} id {reply.Id}; expected type 2 id {id}");
        }
    }

    private async Task<RconPacket> ReadOnePacketAsync(CancellationToken cancellationToken)
    {
        var input = _duplex.Input;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var status = RconPacketCodec.TryRead(ref buffer, _maxReplySize, out var packet, out var error);
            if (status == OperationStatus.Done)
            {
                input.AdvanceTo(buffer.Start);
                return packet;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (status == OperationStatus.InvalidData)
            {
                throw new RconProtocolException($"{_server}: {error}");
            }

            if (result.IsCompleted)
            {
                throw new RconException($"RCON server {_server} closed the connection during authentication", isTransient: true);
            }
        }
    }

    /// <summary>Sends <paramref name="command"/> and waits up to <paramref name="timeout"/> for its reply.</summary>
    public async Task<string> ExecuteAsync(string command, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ThrowIfFaulted();
        var reply = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfFaulted();
            var id = NextId();
            _pending[id] = reply;
            RconPacketCodec.Write(_duplex.Output, id, RconPacketType.ExecCommand, command);

            // Not cancellable by the caller: a frame cut halfway would corrupt the stream for every other command.
            // Bounded by the command timeout instead (a peer that stops reading); that resets the connection.
            using var flushTimeout = new CancellationTokenSource(timeout, timeProvider);
            await _duplex.Output.FlushAsync(flushTimeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            var timedOut = new RconTimeoutException($"RCON server {_server} did not accept a command within {timeout.TotalSeconds:0.###} s; connection reset", timeout);
            Fail(timedOut);
            throw timedOut;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            var lost = new RconException($"RCON connection to {_server} lost while sending: {ex.Message}", isTransient: true, ex);
            Fail(lost);
            throw lost;
        }
        finally
        {
            _writeLock.Release();
        }

        try
        {
            return await reply.Task.WaitAsync(timeout, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // No reply in time: the connection is suspect (half-open, or the server is stuck). Reset it.
            var timedOut = new RconTimeoutException($"RCON server {_server} did not answer within {timeout.TotalSeconds:0.###} s; connection reset", timeout);
            Fail(timedOut);
            throw timedOut;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up; the entry stays so the late reply is recognised and dropped, not treated as unknown.
            reply.TrySetCanceled(cancellationToken);
            throw;
        }
    }

    private void ThrowIfFaulted()
    {
        var fault = Fault;
        if (fault is not null)
        {
            throw fault as RconException ?? new RconException($"RCON connection to {_server} is closed", isTransient: true, fault);
        }
    }

    private int NextId()
    {
        // Never 0 (Factorio prepends buffered console lines to its replies) and never -1 (the auth failure id).
        while (true)
        {
            var id = Interlocked.Increment(ref _nextId);
            if (id > 0)
            {
                return id;
            }

            Interlocked.CompareExchange(ref _nextId, 0, id);
        }
    }

    private async Task ReadLoopAsync()
    {
        var input = _duplex.Input;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(_stop.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (true)
                {
                    var status = RconPacketCodec.TryRead(ref buffer, _maxReplySize, out var packet, out var error);
                    if (status == OperationStatus.Done)
                    {
                        Dispatch(packet);
                        continue;
                    }

                    if (status == OperationStatus.InvalidData)
                    {
                        throw new RconProtocolException($"{_server}: {error}");
                    }

                    break;
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    throw new RconException($"RCON server {_server} closed the connection", isTransient: true);
                }
            }
        }
        catch (RconException ex)
        {
            Fail(ex);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            Fail(new RconException($"RCON connection to {_server} closed", isTransient: true));
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            Fail(new RconException($"RCON connection to {_server} lost: {ex.Message}", isTransient: true, ex));
        }
    }

    private void Dispatch(RconPacket packet)
    {
        if (packet.Type != RconPacketType.ResponseValue)
        {
            throw new RconProtocolException($"RCON server {_server} sent packet type {packet.Type} for id {packet.Id}; expected type 0");
        }

        if (!_pending.TryRemove(packet.Id, out var reply))
        {
            throw new RconProtocolException($"RCON server {_server} sent a reply for unknown request id {packet.Id}");
        }

        reply.TrySetResult(packet.Body);
    }

    /// <summary>Marks the session dead, fails every waiting command and tears the socket down.</summary>
    public void Fail(Exception reason)
    {
        if (Interlocked.CompareExchange(ref _fault, reason, null) is not null)
        {
            return;
        }

        _duplex.Abort();
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var waiting))
            {
                waiting.TrySetException(reason);
            }
        }

        _onFault?.Invoke(this, reason);
    }

    public async ValueTask DisposeAsync()
    {
        Fail(new RconException($"RCON connection to {_server} closed", isTransient: true));
        await _stop.CancelAsync().ConfigureAwait(false);
        await _readLoop.ConfigureAwait(false);
        await _duplex.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();

        // _writeLock is not disposed: a concurrent ExecuteAsync may still be waiting on it and must fail with the
        // session's fault, not ObjectDisposedException. It holds no wait handle, so nothing leaks.
    }
}
