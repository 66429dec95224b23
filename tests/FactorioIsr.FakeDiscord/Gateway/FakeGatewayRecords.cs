using System.Text.Json.Nodes;

namespace FactorioIsr.FakeDiscord;

/// <summary>An Identify (op 2) the client sent, as received.</summary>
public sealed record FakeGatewayIdentify(int ConnectionId, string? Token, int Intents, JsonObject Data, DateTimeOffset At);

/// <summary>A Resume (op 6) the client sent.</summary>
public sealed record FakeGatewayResume(int ConnectionId, string? SessionId, long? Sequence, JsonObject Data, DateTimeOffset At);

/// <summary>A Heartbeat (op 1) the client sent: <paramref name="Sequence"/> is its <c>d</c> (null before the first dispatch).</summary>
public sealed record FakeGatewayHeartbeat(int ConnectionId, long? Sequence, DateTimeOffset At);

/// <summary>A presence the client set: an op 3, or the <c>presence</c> of an Identify (<paramref name="FromIdentify"/>).</summary>
public sealed record FakeGatewayPresence(int ConnectionId, bool FromIdentify, string? Status, string? ActivityName, int? ActivityType, JsonObject Data, DateTimeOffset At);

/// <summary>An interaction the fake dispatched (INTERACTION_CREATE): its id and token address the callback and followup routes.</summary>
public sealed record FakeInteraction(string Id, string Token, long Sequence, JsonObject Payload);

/// <summary>A message the fake dispatched (MESSAGE_CREATE).</summary>
public sealed record FakeGatewayMessage(string Id, long Sequence, JsonObject Payload);

/// <summary>One WebSocket connection to the fake gateway.</summary>
public sealed class FakeGatewayConnection
{
    private readonly Lock _lock = new();
    private int? _clientCloseCode;
    private int? _serverCloseCode;
    private volatile bool _dropped;
    private volatile bool _ended;

    internal FakeGatewayConnection(int id, string path, string query, DateTimeOffset openedAt)
    {
        Id = id;
        Path = path;
        Query = query;
        OpenedAt = openedAt;
    }

    public int Id { get; }

    /// <summary><c>/gateway</c> (the URL of <c>/gateway/bot</c>) or <c>/gateway-resume</c> (READY's <c>resume_gateway_url</c>).</summary>
    public string Path { get; }

    /// <summary>The query string the client connected with (<c>?v=10&amp;encoding=json</c>).</summary>
    public string Query { get; }

    public DateTimeOffset OpenedAt { get; }

    /// <summary>True once the resume URL was used.</summary>
    public bool IsResumeUrl => Path == FakeGateway.ResumePath;

    /// <summary>The close code the client closed with; null when it did not send a close frame.</summary>
    public int? ClientCloseCode
    {
        get { lock (_lock) { return _clientCloseCode; } }
        internal set { lock (_lock) { _clientCloseCode = value; } }
    }

    /// <summary>The close code the fake closed with (scripted or a protocol error such as 4004); null when it did not.</summary>
    public int? ServerCloseCode
    {
        get { lock (_lock) { return _serverCloseCode; } }
        internal set { lock (_lock) { _serverCloseCode = value; } }
    }

    /// <summary>The TCP connection ended without a close handshake.</summary>
    public bool Dropped { get => _dropped; internal set => _dropped = value; }

    /// <summary>The connection is over.</summary>
    public bool Ended { get => _ended; internal set => _ended = value; }

    /// <summary>Withhold heartbeat ACKs on this connection only (a zombie); see also <see cref="FakeGateway.Zombie"/>.</summary>
    public bool WithholdAcks { get; set; }

    public override string ToString() => $"#{Id} {Path}{Query} client_close={ClientCloseCode} server_close={ServerCloseCode} dropped={Dropped}";
}

/// <summary>The <c>session_start_limit</c> the fake's <c>GET /gateway/bot</c> answers with.</summary>
public sealed record FakeSessionStartLimit(int Total, int Remaining, TimeSpan ResetAfter, int MaxConcurrency)
{
    public static FakeSessionStartLimit Default { get; } = new(1000, 999, TimeSpan.FromHours(4), 1);
}
