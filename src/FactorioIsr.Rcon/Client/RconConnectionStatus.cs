namespace FactorioIsr.Rcon.Client;

/// <summary>Where a client's connection stands.</summary>
public enum RconConnectionStatus
{
    /// <summary>Never connected yet.</summary>
    Disconnected,

    /// <summary>Connecting or authenticating.</summary>
    Connecting,

    /// <summary>Authenticated and usable.</summary>
    Connected,

    /// <summary>The last attempt or connection failed; waiting for the backoff delay before the next attempt.</summary>
    Backoff,

    /// <summary>The server rejected the password; retried only after the maximum backoff delay.</summary>
    AuthenticationFailed,

    /// <summary>Disposed.</summary>
    Closed,
}
