namespace FactorioIsr.Rcon;

/// <summary>No reply within the command timeout. The connection is treated as half-open and reset.</summary>
public sealed class RconTimeoutException : RconException
{
    public RconTimeoutException(string message, TimeSpan timeout)
        : base(message, isTransient: true)
    {
        Timeout = timeout;
    }

    /// <summary>The timeout that elapsed.</summary>
    public TimeSpan Timeout { get; }
}
