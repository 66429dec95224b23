using System.Globalization;
using System.Text.Json.Nodes;

namespace FactorioIsr.FakeDiscord;

/// <summary>
/// The fake's gateway (discord.md §1, §8): a WebSocket endpoint on the fake's port at <see cref="Url"/> (what
/// <c>GET /gateway/bot</c> answers) and <see cref="ResumeUrl"/> (READY's <c>resume_gateway_url</c>). It sends Hello with
/// <see cref="HeartbeatInterval"/>, answers heartbeats (unless a zombie), READY on a valid Identify, replays missed
/// dispatches on Resume, enforces the protocol with Discord's close codes (4001-4005, 4008, 4013, 4014), and records
/// every Identify, Resume, Heartbeat and presence. Tests script it: <see cref="InjectDispatchAsync"/>, op 7, op 9,
/// any close code, a dropped socket.
/// </summary>
public sealed partial class FakeGateway
{
    public const string Path = "/gateway";
    public const string ResumePath = "/gateway-resume";

    /// <summary>The privileged intents: GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT.</summary>
    public const int PrivilegedIntents = (1 << 1) | (1 << 8) | (1 << 15);

    /// <summary>Every intent Discord defines (bits 0-25 as of API v10; unknown bits are 4013).</summary>
    public const int KnownIntents = (1 << 26) - 1;

    private readonly FakeDiscordServer _server;
    private readonly Action<FakeValidationFailure> _reportInvalid;
    private readonly Lock _lock = new();
    private readonly List<FakeGatewayConnection> _connections = [];
    private readonly List<FakeGatewayIdentify> _identifies = [];
    private readonly List<FakeGatewayResume> _resumes = [];
    private readonly List<FakeGatewayHeartbeat> _heartbeats = [];
    private readonly List<FakeGatewayPresence> _presences = [];
    private readonly Dictionary<string, FakeSession> _sessions = new(StringComparer.Ordinal);
    private Live? _live;
    private int _nextConnection;
    private int _nextSession;
    private long _nextSnowflake = 1_200_000_000_000_000_000;

    internal FakeGateway(FakeDiscordServer server, Action<FakeValidationFailure> reportInvalid)
    {
        _server = server;
        _reportInvalid = reportInvalid;
    }

    /// <summary>The interval Hello announces. Short in tests. <value>The default value is 1 s.</value></summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Withhold every heartbeat ACK (a zombie gateway) until set back to false.</summary>
    public bool Zombie { get; set; }

    /// <summary>Answer a valid Identify with READY. <value>The default value is true.</value></summary>
    public bool SendReady { get; set; } = true;

    /// <summary>The privileged intents enabled "in the developer portal": asking for others is close 4014. <value>The default value is all of them.</value></summary>
    public int EnabledPrivilegedIntents { get; set; } = PrivilegedIntents;

    /// <summary>What <c>GET /gateway/bot</c> answers with as <c>session_start_limit</c>.</summary>
    public FakeSessionStartLimit SessionStartLimit { get; set; } = FakeSessionStartLimit.Default;

    /// <summary>The bot user's id in READY.</summary>
    public string BotUserId { get; set; } = "111000000000000001";

    /// <summary><c>ws://127.0.0.1:PORT/gateway</c>: what <c>GET /gateway/bot</c> answers.</summary>
    public Uri Url => new($"ws://127.0.0.1:{_server.Port}{Path}");

    /// <summary><c>ws://127.0.0.1:PORT/gateway-resume</c>: READY's <c>resume_gateway_url</c>.</summary>
    public Uri ResumeUrl => new($"ws://127.0.0.1:{_server.Port}{ResumePath}");

    public IReadOnlyList<FakeGatewayConnection> Connections => Snapshot(_connections);

    public IReadOnlyList<FakeGatewayIdentify> Identifies => Snapshot(_identifies);

    public IReadOnlyList<FakeGatewayResume> Resumes => Snapshot(_resumes);

    public IReadOnlyList<FakeGatewayHeartbeat> Heartbeats => Snapshot(_heartbeats);

    /// <summary>Every presence the client set: op 3 updates and the <c>presence</c> of each Identify.</summary>
    public IReadOnlyList<FakeGatewayPresence> Presences => Snapshot(_presences);

    /// <summary>The session of the last READY; null before the first.</summary>
    public string? SessionId
    {
        get
        {
            lock (_lock)
            {
                return _sessions.Values.Where(s => !s.Invalidated).OrderByDescending(s => s.Number).FirstOrDefault()?.Id;
            }
        }
    }

    /// <summary>The last sequence number of the current session (READY is 1).</summary>
    public long Sequence
    {
        get
        {
            lock (_lock)
            {
                return CurrentSession()?.Sequence ?? 0;
            }
        }
    }

    /// <summary>A connection is open and past READY or RESUMED: a dispatch injected now is sent at once.</summary>
    public bool IsLive
    {
        get
        {
            lock (_lock)
            {
                return _live is { Established: true };
            }
        }
    }

    /// <summary>
    /// Dispatches <paramref name="type"/> with <paramref name="payload"/> as <c>d</c> on the current session and returns
    /// its sequence number. While no connection is live the dispatch waits in the session's log, and a Resume replays it.
    /// </summary>
    /// <exception cref="InvalidOperationException">No client has identified yet.</exception>
    public Task<long> InjectDispatchAsync(string type, JsonNode? payload, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        Live? live;
        byte[] frame;
        lock (_lock)
        {
            var session = CurrentSession() ?? throw new InvalidOperationException("The fake gateway has no session: no client has identified yet (wait for WaitForLiveAsync).");
            var (sequence, bytes) = session.Append(type, payload);
            frame = bytes;
            live = _live is { Established: true } l && l.Session == session ? l : null;
            if (live is not null)
            {
                live.Enqueue(frame);
            }

            return Task.FromResult(sequence);
        }
    }

    /// <summary>Dispatches an INTERACTION_CREATE built from <paramref name="spec"/>; its 3 s callback window starts now.</summary>
    public async Task<FakeInteraction> InjectInteractionAsync(FakeInteractionSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var id = spec.Id ?? NextSnowflake();
        var token = spec.Token ?? "fake-interaction-token-" + id;
        var payload = Interactions.FakeInteractionPayload.Build(spec, id, token, _server.Options.ApplicationId);
        _server.RegisterInteraction(id);
        var sequence = await InjectDispatchAsync("INTERACTION_CREATE", payload.DeepClone(), cancellationToken).ConfigureAwait(false);
        return new FakeInteraction(id, token, sequence, payload);
    }

    /// <summary>Dispatches a MESSAGE_CREATE built from <paramref name="spec"/> (for the chat bridge).</summary>
    public async Task<FakeGatewayMessage> InjectMessageCreateAsync(FakeMessageCreateSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var id = spec.Id ?? NextSnowflake();
        var author = new JsonObject
        {
            ["id"] = spec.AuthorId, ["username"] = spec.Username, ["discriminator"] = "0", ["global_name"] = spec.GlobalName, ["avatar"] = null,
        };
        if (spec.Bot)
        {
            author["bot"] = true;
        }

        var payload = new JsonObject
        {
            ["id"] = id,
            ["channel_id"] = spec.ChannelId,
            ["guild_id"] = spec.GuildId,
            ["author"] = author,
            ["content"] = spec.Content,
            ["timestamp"] = _server.Options.Time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
            ["edited_timestamp"] = null,
            ["tts"] = false,
            ["mention_everyone"] = false,
            ["mentions"] = spec.Mentions?.DeepClone() ?? new JsonArray(),
            ["mention_roles"] = spec.MentionRoles?.DeepClone() ?? new JsonArray(),
            ["attachments"] = spec.Attachments?.DeepClone() ?? new JsonArray(),
            ["embeds"] = new JsonArray(),
            ["pinned"] = false,
            ["type"] = 0,
        };
        if (spec.WebhookId is not null)
        {
            payload["webhook_id"] = spec.WebhookId;
        }
        else
        {
            payload["member"] = new JsonObject { ["roles"] = new JsonArray(), ["nick"] = spec.Nick, ["joined_at"] = "2017-03-13T19:19:14.040000+00:00", ["deaf"] = false, ["mute"] = false };
        }

        if (spec.StickerItems is not null)
        {
            payload["sticker_items"] = spec.StickerItems.DeepClone();
        }

        Merge(payload, spec.Extra);
        var sequence = await InjectDispatchAsync("MESSAGE_CREATE", payload.DeepClone(), cancellationToken).ConfigureAwait(false);
        return new FakeGatewayMessage(id, sequence, payload);
    }

    /// <summary>Sends op 7 Reconnect on the current connection (the client should close it and resume).</summary>
    public Task SendReconnectAsync(CancellationToken cancellationToken = default) => SendOpAsync(7, null);

    /// <summary>Sends op 9 Invalid Session. With <paramref name="resumable"/> false the session is gone: a Resume of it gets op 9 false too.</summary>
    public Task SendInvalidSessionAsync(bool resumable, CancellationToken cancellationToken = default)
    {
        if (!resumable)
        {
            lock (_lock)
            {
                _live?.Session?.Invalidate();
            }
        }

        return SendOpAsync(9, resumable);
    }

    /// <summary>Ends the current session without telling the client: its next Resume gets op 9 <c>d:false</c>.</summary>
    public void InvalidateSession()
    {
        lock (_lock)
        {
            CurrentSession()?.Invalidate();
        }
    }

    /// <summary>Sends op 1: the client must answer with a heartbeat at once.</summary>
    public Task SendHeartbeatRequestAsync(CancellationToken cancellationToken = default) => SendOpAsync(1, null);

    /// <summary>Closes the current connection with <paramref name="code"/> (4004, 4014, 4009, ...). 4007 and 4009 also end the session, as Discord does.</summary>
    public Task CloseAsync(int code, string? reason = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (code is 4007 or 4009 or 4004 or (>= 4010 and <= 4014))
            {
                _live?.Session?.Invalidate();
            }

            _live?.EnqueueClose(code, reason ?? "closed by the test");
        }

        return Task.CompletedTask;
    }

    /// <summary>Drops the current connection's TCP socket without a close frame (the client should resume).</summary>
    public void Drop()
    {
        lock (_lock)
        {
            _live?.Abort();
        }
    }

    /// <summary>Waits until a connection is live (READY or RESUMED sent) and at least <paramref name="handshakes"/> Identify+Resume handshakes happened in all.</summary>
    public Task WaitForLiveAsync(int handshakes = 1, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitUntilAsync(() => IsLive && Identifies.Count + Resumes.Count >= handshakes, $"a live gateway connection after {handshakes} handshake(s)", timeout, cancellationToken);

    /// <summary>Polls <paramref name="condition"/> every 10 ms; throws <see cref="TimeoutException"/> with the gateway's record after <paramref name="timeout"/> (default 10 s).</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string? what = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (stopwatch.Elapsed > limit)
            {
                throw new TimeoutException($"Fake gateway: no {what ?? "match"} within {limit}. Connections: {string.Join("; ", Connections)}; identifies {Identifies.Count}, resumes {Resumes.Count}, heartbeats {Heartbeats.Count}.");
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task SendOpAsync(int op, bool? data)
    {
        var json = new JsonObject { ["op"] = op, ["d"] = data is { } b ? JsonValue.Create(b) : null };
        lock (_lock)
        {
            if (_live is null)
            {
                throw new InvalidOperationException("The fake gateway has no open connection.");
            }

            _live.Enqueue(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()));
        }

        return Task.CompletedTask;
    }

    private FakeSession? CurrentSession() =>
        _sessions.Values.Where(s => !s.Invalidated).OrderByDescending(s => s.Number).FirstOrDefault();

    private string NextSnowflake() => Interlocked.Increment(ref _nextSnowflake).ToString(CultureInfo.InvariantCulture);

    private static void Merge(JsonObject target, JsonObject? extra)
    {
        if (extra is null)
        {
            return;
        }

        foreach (var (key, value) in extra)
        {
            target[key] = value?.DeepClone();
        }
    }

    private List<T> Snapshot<T>(List<T> list)
    {
        lock (_lock)
        {
            return list.ToList();
        }
    }

    /// <summary>A session: its dispatches by sequence, kept for replay on Resume.</summary>
    private sealed class FakeSession(string id, int number)
    {
        private readonly List<(long Sequence, byte[] Frame)> _log = [];

        public string Id { get; } = id;

        public int Number { get; } = number;

        public long Sequence { get; private set; }

        public bool Invalidated { get; private set; }

        public void Invalidate() => Invalidated = true;

        public (long Sequence, byte[] Frame) Append(string type, JsonNode? payload)
        {
            var sequence = ++Sequence;
            var frame = System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["op"] = 0, ["s"] = sequence, ["t"] = type, ["d"] = payload }.ToJsonString());
            _log.Add((sequence, frame));
            return (sequence, frame);
        }

        public IEnumerable<byte[]> After(long sequence) => _log.Where(e => e.Sequence > sequence).Select(e => e.Frame);
    }
}
