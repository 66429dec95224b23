namespace FactorioIsr.Rcon.Client;

/// <summary>
/// An immutable snapshot of a client for health, readiness and metrics. <see cref="LastError"/> is one line,
/// never contains the password.
/// </summary>
public sealed record RconConnectionState
{
    public required string Server { get; init; }

    public RconConnectionStatus Status { get; init; }

    /// <summary>When the current connection was authenticated; null when not connected.</summary>
    public DateTimeOffset? ConnectedSince { get; init; }

    /// <summary>Round trip of the last successful command.</summary>
    public TimeSpan? LastLatency { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>Failed connection attempts since the last success.</summary>
    public int ConsecutiveFailures { get; init; }

    /// <summary>When the next connection attempt is allowed (during <see cref="RconConnectionStatus.Backoff"/>).</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Successful connections so far (1 after the first connect).</summary>
    public long Connections { get; init; }

    public long CommandsSucceeded { get; init; }

    public long CommandsFailed { get; init; }

    public bool IsConnected => Status == RconConnectionStatus.Connected;
}
