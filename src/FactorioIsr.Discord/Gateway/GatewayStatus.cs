namespace FactorioIsr.Discord.Gateway;

/// <summary>Where the gateway connection stands.</summary>
internal enum GatewayState
{
    /// <summary>Not running: not started yet, shut down, or stopped by a fatal close (<see cref="GatewayStatus.FatalError"/>).</summary>
    Stopped,

    /// <summary>Opening a socket and identifying (a new session), or waiting to (backoff, identify budget).</summary>
    Connecting,

    /// <summary>READY or RESUMED received: dispatches flow.</summary>
    Connected,

    /// <summary>Reconnecting to the resume URL to resume the session.</summary>
    Resuming,
}

/// <summary>
/// The gateway at one moment, as the health snapshot reads it. Holds no secret: the session id alone cannot resume a
/// session (that takes the token too).
/// </summary>
/// <param name="State">Where the connection stands.</param>
/// <param name="Running">The gateway's loop runs (it was started and has not ended).</param>
/// <param name="FatalError">Set when a fatal close (4004, 4010-4014) stopped the gateway: what to fix, in one line.</param>
/// <param name="SessionId">The session of the last READY; null before it and after an invalidated session.</param>
/// <param name="Sequence">The last dispatch sequence number received; null before the first.</param>
/// <param name="Latency">From the last heartbeat to its ACK.</param>
/// <param name="LastAckAt">When the last ACK arrived.</param>
/// <param name="Reconnects">Connections opened after the first (resumes and re-identifies).</param>
/// <param name="ApplicationId">The application id READY gave.</param>
/// <param name="UserId">The bot user's id READY gave.</param>
/// <param name="Intents">The intents identified with.</param>
internal sealed record GatewayStatus(
    GatewayState State,
    bool Running,
    string? FatalError,
    string? SessionId,
    long? Sequence,
    TimeSpan? Latency,
    DateTimeOffset? LastAckAt,
    long Reconnects,
    string? ApplicationId,
    string? UserId,
    GatewayIntents Intents)
{
    public static GatewayStatus Initial { get; } = new(GatewayState.Stopped, false, null, null, null, null, null, 0, null, null, GatewayIntents.None);
}
