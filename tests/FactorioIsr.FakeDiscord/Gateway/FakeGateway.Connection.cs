using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace FactorioIsr.FakeDiscord;

public sealed partial class FakeGateway
{
    /// <summary>Serves one WebSocket connection, from Hello to close.</summary>
    internal async Task ServeAsync(HttpContext context)
    {
        var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        FakeGatewayConnection record;
        Live live;
        lock (_lock)
        {
            record = new FakeGatewayConnection(++_nextConnection, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", _server.Options.Time.GetUtcNow());
            _connections.Add(record);
            live = new Live(record, socket, context);
            _live = live;
        }

        var writer = live.RunWriterAsync();
        live.Enqueue(Encoding.UTF8.GetBytes(new JsonObject { ["op"] = 10, ["d"] = new JsonObject { ["heartbeat_interval"] = (long)HeartbeatInterval.TotalMilliseconds } }.ToJsonString()));
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length), context.RequestAborted).ConfigureAwait(false);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    record.ClientCloseCode = (int?)socket.CloseStatus;
                    live.EnqueueClose((int)(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure), "bye", answer: true);
                    break;
                }

                OnReceived(live, buffer.AsSpan(0, length));
                if (live.Closing)
                {
                    // A protocol error closed it: wait for the client's answer or the drop.
                    continue;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            record.Dropped = !live.Closing && record.ClientCloseCode is null;
        }
        finally
        {
            live.Complete();
            await writer.ConfigureAwait(false);
            record.Ended = true;
            lock (_lock)
            {
                if (_live == live)
                {
                    _live = null;
                }
            }
        }
    }

    private void OnReceived(Live live, ReadOnlySpan<byte> frame)
    {
        var now = _server.Options.Time.GetUtcNow();
        var text = Encoding.UTF8.GetString(frame);
        if (frame.Length > 4096)
        {
            Report("payload over 4096 bytes", text, [$"{frame.Length} bytes"]);
            live.EnqueueClose(4002, "Decode error");
            return;
        }

        if (!live.CountSend(now))
        {
            live.EnqueueClose(4008, "Rate limited.");
            return;
        }

        JsonObject? payload;
        try
        {
            payload = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            payload = null;
        }

        if (payload is null || payload["op"] is not JsonValue opValue || !opValue.TryGetValue<int>(out var op))
        {
            Report("payload", text, ["not a JSON object with an integer op"]);
            live.EnqueueClose(4002, "Decode error");
            return;
        }

        var errors = FakeGatewayValidation.Validate(op, payload);
        if (errors.Count > 0)
        {
            Report("op " + op, text, errors);
        }

        var data = payload["d"];
        switch (op)
        {
            case 1:
                lock (_lock)
                {
                    _heartbeats.Add(new FakeGatewayHeartbeat(live.Record.Id, data is JsonValue v && v.TryGetValue<long>(out var seq) ? seq : null, now));
                }

                if (!Zombie && !live.Record.WithholdAcks)
                {
                    live.Enqueue("{\"op\":11}"u8.ToArray());
                }

                break;
            case 2:
                OnIdentify(live, data as JsonObject ?? [], now);
                break;
            case 3:
                lock (_lock)
                {
                    _presences.Add(ToPresence(live.Record.Id, fromIdentify: false, data as JsonObject ?? [], now));
                }

                if (live.Session is null)
                {
                    live.EnqueueClose(4003, "Not authenticated.");
                }

                break;
            case 6:
                OnResume(live, data as JsonObject ?? [], now);
                break;
            default:
                live.EnqueueClose(4001, "Unknown opcode.");
                break;
        }
    }

    private void OnIdentify(Live live, JsonObject data, DateTimeOffset now)
    {
        var token = data["token"]?.GetValueKind() == JsonValueKind.String ? data["token"]!.GetValue<string>() : null;
        var intents = data["intents"] is JsonValue iv && iv.TryGetValue<int>(out var i) ? i : -1;
        lock (_lock)
        {
            _identifies.Add(new FakeGatewayIdentify(live.Record.Id, token, intents, (JsonObject)data.DeepClone(), now));
            if (data["presence"] is JsonObject presence)
            {
                _presences.Add(ToPresence(live.Record.Id, fromIdentify: true, presence, now));
            }

            if (live.Session is not null)
            {
                live.EnqueueClose(4005, "Already authenticated.");
                return;
            }

            if (token != _server.Options.Token)
            {
                live.EnqueueClose(4004, "Authentication failed.");
                return;
            }

            if (intents < 0 || (intents & ~KnownIntents) != 0)
            {
                live.EnqueueClose(4013, "Invalid intent(s).");
                return;
            }

            if ((intents & PrivilegedIntents & ~EnabledPrivilegedIntents) != 0)
            {
                live.EnqueueClose(4014, "Disallowed intent(s).");
                return;
            }

            if (!SendReady)
            {
                return;
            }

            var session = new FakeSession("fake-session-" + (++_nextSession), _nextSession);
            _sessions[session.Id] = session;
            live.Session = session;
            var ready = new JsonObject
            {
                ["v"] = 10,
                ["user"] = new JsonObject { ["id"] = BotUserId, ["username"] = "fake-isr", ["discriminator"] = "0", ["global_name"] = null, ["avatar"] = null, ["bot"] = true },
                ["guilds"] = new JsonArray(new JsonObject { ["id"] = "290926798626357999", ["unavailable"] = true }),
                ["session_id"] = session.Id,
                ["resume_gateway_url"] = ResumeUrl.ToString(),
                ["shard"] = new JsonArray(0, 1),
                ["application"] = new JsonObject { ["id"] = _server.Options.ApplicationId, ["flags"] = 0 },
            };
            live.Enqueue(session.Append("READY", ready).Frame);
            live.Established = true;
        }
    }

    private void OnResume(Live live, JsonObject data, DateTimeOffset now)
    {
        var token = data["token"]?.GetValueKind() == JsonValueKind.String ? data["token"]!.GetValue<string>() : null;
        var sessionId = data["session_id"]?.GetValueKind() == JsonValueKind.String ? data["session_id"]!.GetValue<string>() : null;
        long? sequence = data["seq"] is JsonValue sv && sv.TryGetValue<long>(out var s) ? s : null;
        lock (_lock)
        {
            _resumes.Add(new FakeGatewayResume(live.Record.Id, sessionId, sequence, (JsonObject)data.DeepClone(), now));
            if (token != _server.Options.Token)
            {
                live.EnqueueClose(4004, "Authentication failed.");
                return;
            }

            if (sessionId is null || !_sessions.TryGetValue(sessionId, out var session) || session.Invalidated || (sequence ?? 0) > session.Sequence)
            {
                live.Enqueue("{\"op\":9,\"d\":false}"u8.ToArray());
                return;
            }

            live.Session = session;
            foreach (var frame in session.After(sequence ?? 0))
            {
                live.Enqueue(frame);
            }

            live.Enqueue(session.Append("RESUMED", new JsonObject()).Frame);
            live.Established = true;
        }
    }

    private static FakeGatewayPresence ToPresence(int connection, bool fromIdentify, JsonObject data, DateTimeOffset now)
    {
        var activity = data["activities"] is JsonArray { Count: > 0 } a ? a[0] as JsonObject : null;
        var name = activity?["type"] is JsonValue t && t.TryGetValue<int>(out var type) && type == 4 ? activity["state"]?.ToString() : activity?["name"]?.ToString();
        int? activityType = activity?["type"] is JsonValue tv && tv.TryGetValue<int>(out var at) ? at : null;
        return new FakeGatewayPresence(connection, fromIdentify, data["status"]?.ToString(), name, activityType, (JsonObject)data.DeepClone(), now);
    }

    private void Report(string what, string body, IReadOnlyList<string> errors) => _reportInvalid(new FakeValidationFailure("GATEWAY", what, body, errors));

    /// <summary>The open connection: its outgoing queue (one writer, in order) and its session.</summary>
    private sealed class Live(FakeGatewayConnection record, WebSocket socket, HttpContext context)
    {
        private readonly Channel<(byte[]? Frame, int Code, string? Reason, bool Answer)> _out = Channel.CreateUnbounded<(byte[]?, int, string?, bool)>(new UnboundedChannelOptions { SingleReader = true });
        private readonly Queue<DateTimeOffset> _received = new();
        private volatile bool _closing;

        public FakeGatewayConnection Record { get; } = record;

        public FakeSession? Session { get; set; }

        /// <summary>READY or RESUMED was queued: dispatches go out at once.</summary>
        public bool Established { get; set; }

        public bool Closing => _closing;

        public void Enqueue(byte[] frame) => _out.Writer.TryWrite((frame, 0, null, false));

        public void EnqueueClose(int code, string reason, bool answer = false)
        {
            if (_closing && !answer)
            {
                return;
            }

            _closing = true;
            if (!answer)
            {
                Record.ServerCloseCode = code;
            }

            Established = false;
            _out.Writer.TryWrite((null, code, reason, answer));
        }

        public void Abort()
        {
            _closing = true;
            Established = false;
            Record.Dropped = true;
            context.Abort();
        }

        public void Complete() => _out.Writer.TryComplete();

        /// <summary>Counts one client send; false when it is over 120 in 60 s.</summary>
        public bool CountSend(DateTimeOffset now)
        {
            while (_received.Count > 0 && _received.Peek() + TimeSpan.FromSeconds(60) <= now)
            {
                _received.Dequeue();
            }

            _received.Enqueue(now);
            return _received.Count <= 120;
        }

        public async Task RunWriterAsync()
        {
            try
            {
                await foreach (var (frame, code, reason, _) in _out.Reader.ReadAllAsync().ConfigureAwait(false))
                {
                    if (frame is not null)
                    {
                        await socket.SendAsync(frame, WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
                    }
                    else
                    {
                        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                        {
                            await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None).ConfigureAwait(false);
                        }

                        return;
                    }
                }
            }
            catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                // The client went away.
            }
        }
    }
}
