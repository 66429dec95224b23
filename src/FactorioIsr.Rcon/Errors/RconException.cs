namespace FactorioIsr.Rcon;

/// <summary>
/// An RCON failure for one server. <see cref="IsTransient"/> tells callers whether retrying later can help
/// (connection refused, reset, timeout) or not (wrong password, a feature disabled by configuration).
/// </summary>
public class RconException : Exception
{
    public RconException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
    }

    /// <summary>True when the same request may succeed later without any configuration change.</summary>
    public bool IsTransient { get; }
}
