using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;

namespace FactorioIsr.Discord.Gateway;

internal sealed partial class GatewayClient
{
    /// <summary>How long a close we start waits for Discord's answering close frame before the socket is aborted.</summary>
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(2);

    private enum EndKind
    {
        Stopped,
        Resume,
        Identify,
        InvalidSession,
        Fatal,
    }

    /// <summary>How one connection ended. <paramref name="Connected"/>: it reached READY or RESUMED (no backoff before the next).</summary>
    private readonly record struct ConnectionEnd(EndKind Kind, bool Connected, int? Code, string Reason);

    /// <summary>One socket's lifetime: Hello, Identify or Resume, the receive loop and the heartbeat.</summary>
    private async Task<ConnectionEnd> RunConnectionAsync(Uri url, bool resume, GatewayIntents intents, ChannelWriter<GatewayDispatch> dispatches, CancellationToken cancellationToken)
    {
        Log.Connecting(_logger, url.GetLeftPart(UriPartial.Path), resume ? "resume session " + _sessionId : "identify");
        GatewayConnection connection;
        try
        {
            connection = await GatewayConnection.OpenAsync(url, _options, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new ConnectionEnd(EndKind.Stopped, false, null, "stopping");
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or OperationCanceledException or IOException)
        {
            Log.ConnectFailed(_logger, url.GetLeftPart(UriPartial.Path), e.Message);
            return new ConnectionEnd(EndKind.Resume, false, null, "cannot connect: " + e.Message);
        }

        using var socket = connection;
        using var session = new ConnectionSession(connection, _time, _options.HelloTimeout);
        using var stopping = cancellationToken.Register(() => session.BeginClose(new ConnectionEnd(EndKind.Stopped, false, null, "stopping"), GatewayCloseCodes.Resumable, "shutting down"));
        try
        {
            return await ReceiveLoopAsync(session, resume, intents, dispatches, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _live = null;
            await session.StopHeartbeatAsync().ConfigureAwait(false);
            if (session.End is { Kind: EndKind.Stopped })
            {
                Log.ClosedOnShutdown(_logger, GatewayCloseCodes.Resumable);
            }
        }
    }

    private async Task<ConnectionEnd> ReceiveLoopAsync(ConnectionSession session, bool resume, GatewayIntents intents, ChannelWriter<GatewayDispatch> dispatches, CancellationToken cancellationToken)
    {
        var connection = session.Connection;
        while (true)
        {
            JsonDocument? document;
            try
            {
                document = await connection.ReceiveAsync(session.Receive.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Our close timed out, or no Hello came.
                return session.End ?? new ConnectionEnd(EndKind.Resume, false, null, "no Hello within " + _options.HelloTimeout);
            }
            catch (Exception e) when (e is WebSocketException or JsonException or IOException or ObjectDisposedException)
            {
                return session.End ?? new ConnectionEnd(EndKind.Resume, session.Connected, null, "connection dropped: " + e.Message);
            }

            if (document is null)
            {
                if (session.End is { } ours)
                {
                    return ours;
                }

                var code = connection.CloseCode;
                var reason = "closed by Discord with " + GatewayCloseCodes.Name(code) + (string.IsNullOrEmpty(connection.CloseReason) ? "" : " (" + connection.CloseReason + ")");
                return GatewayCloseCodes.Classify(code) switch
                {
                    GatewayCloseAction.Fatal => new ConnectionEnd(EndKind.Fatal, session.Connected, code, reason),
                    GatewayCloseAction.Identify => new ConnectionEnd(EndKind.Identify, session.Connected, code, reason),
                    _ => new ConnectionEnd(EndKind.Resume, session.Connected, code, reason),
                };
            }

            using (document)
            {
                if (session.End is not null)
                {
                    continue; // Closing: what comes now is not ours to act on.
                }

                try
                {
                    await HandleAsync(session, document.RootElement, resume, intents, dispatches, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // The close on shutdown is under way; its answer ends the loop.
                }
                catch (Exception e) when (e is WebSocketException or ObjectDisposedException)
                {
                    return session.End ?? new ConnectionEnd(EndKind.Resume, session.Connected, null, "connection dropped: " + e.Message);
                }
            }
        }
    }

    private async Task HandleAsync(ConnectionSession session, JsonElement payload, bool resume, GatewayIntents intents, ChannelWriter<GatewayDispatch> dispatches, CancellationToken cancellationToken)
    {
        var op = payload.TryGetProperty("op", out var o) && o.TryGetInt32(out var n) ? n : -1;
        payload.TryGetProperty("d", out var data);
        switch (op)
        {
            case 0:
                await OnDispatchAsync(session, payload, data, dispatches, cancellationToken).ConfigureAwait(false);
                break;
            case 1:
                await session.Connection.SendAsync(GatewayPayloads.WriteHeartbeat(LastSequence), priority: true, cancellationToken).ConfigureAwait(false);
                break;
            case 7:
                Log.ReconnectRequested(_logger);
                session.BeginClose(new ConnectionEnd(EndKind.Resume, true, null, "Discord asked to reconnect (op 7)"), GatewayCloseCodes.Resumable, "reconnect requested");
                break;
            case 9:
                var resumable = data.ValueKind == JsonValueKind.True;
                Log.InvalidSession(_logger, resumable);
                session.BeginClose(
                    resumable ? new ConnectionEnd(EndKind.Resume, true, null, "invalid session (resumable)") : new ConnectionEnd(EndKind.InvalidSession, false, null, "invalid session"),
                    GatewayCloseCodes.Resumable, "invalid session");
                break;
            case 10:
                await OnHelloAsync(session, data, resume, intents, cancellationToken).ConfigureAwait(false);
                break;
            case 11:
                var latency = session.Acknowledge();
                var now = _time.GetUtcNow();
                Update(s => s with { Latency = latency ?? s.Latency, LastAckAt = now });
                break;
            default:
                break; // Unknown opcodes from Discord are ignored, as the docs allow new ones.
        }
    }

    private async Task OnHelloAsync(ConnectionSession session, JsonElement data, bool resume, GatewayIntents intents, CancellationToken cancellationToken)
    {
        var interval = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("heartbeat_interval", out var i) && i.TryGetDouble(out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : TimeSpan.FromSeconds(41.25);
        session.Hello(interval, HeartbeatAsync);
        if (resume)
        {
            await session.Connection.SendAsync(GatewayPayloads.WriteResume(_options.Token, _sessionId!, LastSequence), priority: true, cancellationToken).ConfigureAwait(false);
            return;
        }

        var wait = _budget.Delay();
        if (wait > TimeSpan.Zero)
        {
            Log.IdentifyWait(_logger, wait, _budget.Remaining);
        }

        await _budget.AcquireAsync(cancellationToken).ConfigureAwait(false);
        Log.Identifying(_logger, intents, _budget.Remaining);
        var presence = _presence;
        _presencePending = false;
        await session.Connection.SendAsync(GatewayPayloads.WriteIdentify(_options.Token, intents, _options.ClientName, presence), priority: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task OnDispatchAsync(ConnectionSession session, JsonElement payload, JsonElement data, ChannelWriter<GatewayDispatch> dispatches, CancellationToken cancellationToken)
    {
        var type = payload.TryGetProperty("t", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
        long sequence = -1;
        if (payload.TryGetProperty("s", out var s) && s.TryGetInt64(out sequence))
        {
            Interlocked.Exchange(ref _sequence, sequence);
            Update(x => x with { Sequence = sequence });
        }

        if (type == "READY")
        {
            OnReady(data);
            session.Connected = true;
            _live = session.Connection;
        }
        else if (type == "RESUMED")
        {
            Log.Resumed(_logger, _sessionId, LastSequence);
            Update(x => x with { State = GatewayState.Connected });
            session.Connected = true;
            _live = session.Connection;
            if (_presencePending && _presence is { } presence)
            {
                await SendPresenceAsync(session.Connection, presence, cancellationToken).ConfigureAwait(false);
            }
        }

        var element = data.ValueKind == JsonValueKind.Undefined ? default : data.Clone();
        await dispatches.WriteAsync(new GatewayDispatch(type, sequence, element), cancellationToken).ConfigureAwait(false);
    }

    private void OnReady(JsonElement data)
    {
        string? Text(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        _sessionId = Text(data, "session_id");
        _resumeUrl = Uri.TryCreate(Text(data, "resume_gateway_url"), UriKind.Absolute, out var resume) ? resume : _gatewayUrl;
        var application = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("application", out var a) ? Text(a, "id") : null;
        var user = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("user", out var u) ? Text(u, "id") : null;
        var sessionId = _sessionId;
        Update(x => x with { State = GatewayState.Connected, SessionId = sessionId, ApplicationId = application ?? x.ApplicationId, UserId = user ?? x.UserId });
        Log.Ready(_logger, user, application, sessionId, Status.Intents);
    }

    private long? LastSequence => Interlocked.Read(ref _sequence) is var s && s >= 0 ? s : null;

    private async Task HeartbeatAsync(ConnectionSession session, TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            // The first beat after interval * jitter, so clients reconnecting together spread out (discord.md §1.3).
            await Task.Delay(interval * Random.Shared.NextDouble(), _time, cancellationToken).ConfigureAwait(false);
            while (!cancellationToken.IsCancellationRequested)
            {
                if (!session.BeginHeartbeat())
                {
                    Log.Zombie(_logger);
                    session.BeginClose(new ConnectionEnd(EndKind.Resume, session.Connected, null, "no heartbeat ACK (zombie connection)"), GatewayCloseCodes.Resumable, "zombied connection");
                    return;
                }

                await session.Connection.SendAsync(GatewayPayloads.WriteHeartbeat(LastSequence), priority: true, cancellationToken).ConfigureAwait(false);
                await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The connection ends; the receive loop reports why.
        }
    }

    /// <summary>The state one connection's receive loop and heartbeat share.</summary>
    private sealed class ConnectionSession : IDisposable
    {
        private readonly TimeProvider _time;
        private readonly CancellationTokenSource _heartbeatStop = new();
        private readonly Lock _lock = new();
        private Task _heartbeat = Task.CompletedTask;
        private ConnectionEnd? _end;
        private bool _awaitingAck;
        private long _sentAt;

        public ConnectionSession(GatewayConnection connection, TimeProvider time, TimeSpan helloTimeout)
        {
            Connection = connection;
            _time = time;
            Receive = new CancellationTokenSource(helloTimeout, time);
        }

        public GatewayConnection Connection { get; }

        /// <summary>Cancels the receive (which aborts the socket): the Hello timeout, then the wait for the answer to our close.</summary>
        public CancellationTokenSource Receive { get; }

        public volatile bool Connected;

        public ConnectionEnd? End
        {
            get
            {
                lock (_lock)
                {
                    return _end;
                }
            }
        }

        public void Hello(TimeSpan interval, Func<ConnectionSession, TimeSpan, CancellationToken, Task> heartbeat)
        {
            lock (_lock)
            {
                if (_end is null)
                {
                    Receive.CancelAfter(Timeout.InfiniteTimeSpan);
                }

                _heartbeat = heartbeat(this, interval, _heartbeatStop.Token);
            }
        }

        /// <summary>Marks a heartbeat as sent; false when the last one got no ACK (a zombie).</summary>
        public bool BeginHeartbeat()
        {
            lock (_lock)
            {
                if (_awaitingAck)
                {
                    return false;
                }

                _awaitingAck = true;
                _sentAt = _time.GetTimestamp();
                return true;
            }
        }

        /// <summary>An ACK arrived: the latency of the heartbeat it answers.</summary>
        public TimeSpan? Acknowledge()
        {
            lock (_lock)
            {
                var latency = _awaitingAck ? _time.GetElapsedTime(_sentAt) : (TimeSpan?)null;
                _awaitingAck = false;
                return latency;
            }
        }

        /// <summary>Ends the connection with <paramref name="end"/> (the first caller wins): a close frame with <paramref name="code"/>, then the receive waits <see cref="CloseWait"/> for the answer.</summary>
        public void BeginClose(ConnectionEnd end, int code, string reason)
        {
            lock (_lock)
            {
                if (_end is not null)
                {
                    return;
                }

                _end = end;
            }

            _heartbeatStop.Cancel();
            _ = Task.Run(async () =>
            {
                await Connection.CloseAsync(code, reason, CloseWait, _time).ConfigureAwait(false);
                try
                {
                    Receive.CancelAfter(CloseWait);
                }
                catch (ObjectDisposedException)
                {
                    // The loop ended already.
                }
            });
        }

        public async Task StopHeartbeatAsync()
        {
            await _heartbeatStop.CancelAsync().ConfigureAwait(false);
            Task heartbeat;
            lock (_lock)
            {
                heartbeat = _heartbeat;
            }

            await heartbeat.ConfigureAwait(false);
        }

        public void Dispose()
        {
            Receive.Dispose();
            _heartbeatStop.Dispose();
        }
    }
}
