using FactorioIsr.Delivery;
using FactorioIsr.Tailing;

namespace FactorioIsr.Health;

/// <summary>
/// The relay's health at one moment, per server and per dependency: what /health, /ready, /metrics, <c>isr doctor</c>
/// and <c>/factorio health</c> read. Holds no secret (webhook destinations are keyed by id, never by URL).
/// </summary>
/// <param name="At">When it was taken.</param>
/// <param name="Started">Start-up has finished (every configured server runs).</param>
/// <param name="State">The state store.</param>
/// <param name="Ingest">The ingest writer.</param>
/// <param name="Servers">Per server: its tailers.</param>
/// <param name="Destinations">Per destination: its dispatcher.</param>
/// <param name="Discord">The Discord REST client and outputs; null when no Discord output is configured.</param>
internal sealed record HealthSnapshot(
    DateTimeOffset At,
    bool Started,
    StateHealth State,
    IngestHealth Ingest,
    IReadOnlyList<ServerHealth> Servers,
    IReadOnlyList<DestinationHealth> Destinations,
    DiscordHealth? Discord)
{
    /// <summary>The Discord gateway; null when it does not run (no bot token, or no feature listens to it).</summary>
    public GatewayHealth? Gateway { get; init; }

    /// <summary>
    /// Ready: started, the store commits, and Discord delivery is not disabled by a fatal error (a rejected token, a
    /// disabled output, or a fatal gateway close; a gateway reconnect is not one).
    /// </summary>
    public bool Ready => Started && State.Error is null && Discord is not { TokenError: not null } && Gateway is not { FatalError: not null } && Destinations.All(d => d.State != DispatcherState.Disabled) && !RconAllDown;

    /// <summary>Some servers have an RCON session and none of them is connected.</summary>
    public bool RconAllDown => Servers.Any(s => s.Rcon is not null) && !Servers.Any(s => s.Rcon is { Connected: true });
}

/// <param name="Location">Where the state lives.</param>
/// <param name="Error">Null while commits succeed; why they fail otherwise.</param>
internal sealed record StateHealth(string Location, string? Error);

/// <param name="OutboxRows">Events waiting in the outbox, all destinations.</param>
/// <param name="OutboxBytes">Their encoded size.</param>
/// <param name="SinceLastCommit">Time since the writer last committed; null before the first commit.</param>
/// <param name="Queued">Items waiting in the ingest queue for the writer (chunks of lines, events, barriers).</param>
internal sealed record IngestHealth(long OutboxRows, long OutboxBytes, TimeSpan? SinceLastCommit, int Queued = 0);

/// <param name="Tag">The server's tag.</param>
/// <param name="Tailers">One per log file.</param>
/// <param name="Rcon">Its RCON session; null for a log-only server.</param>
internal sealed record ServerHealth(string Tag, IReadOnlyList<TailerStatus> Tailers, RconHealth? Rcon = null);

/// <param name="Connected">The session is authenticated and answering.</param>
/// <param name="State">Where the session stands (<c>connected</c>, <c>backoff</c>, <c>authentication_failed</c>, ...).</param>
/// <param name="Latency">Round trip of its last successful command; null before the first.</param>
/// <param name="Since">Since when the current state holds: connected since, or down since.</param>
/// <param name="LastError">Its last failure (one line, never the password), until the next success.</param>
internal sealed record RconHealth(bool Connected, string State, TimeSpan? Latency, DateTimeOffset? Since, string? LastError);

/// <param name="Destination">The destination key (<c>discord:channel:ID</c>, <c>webhook:ID</c>, <c>console</c>, <c>jsonl</c>).</param>
/// <param name="State">What its dispatcher does.</param>
/// <param name="LastError">The last failure, until the next success.</param>
internal sealed record DestinationHealth(string Destination, DispatcherState State, string? LastError);

/// <param name="TokenError">Why Discord rejected the bot token (401); null while it is accepted or not used.</param>
/// <param name="DisabledOutputs">Destination → why its output stopped (a deleted webhook, a missing permission).</param>
internal sealed record DiscordHealth(string? TokenError, IReadOnlyDictionary<string, string> DisabledOutputs);

/// <param name="State">connecting, connected, resuming or stopped.</param>
/// <param name="FatalError">Why a fatal close stopped the gateway, and what to fix; null otherwise.</param>
/// <param name="SessionId">The session of the last READY.</param>
/// <param name="Sequence">The last dispatch sequence number.</param>
/// <param name="Latency">From the last heartbeat to its ACK.</param>
/// <param name="LastAckAt">When the last ACK arrived.</param>
/// <param name="Reconnects">Connections opened after the first.</param>
internal sealed record GatewayHealth(string State, string? FatalError, string? SessionId, long? Sequence, TimeSpan? Latency, DateTimeOffset? LastAckAt, long Reconnects);
