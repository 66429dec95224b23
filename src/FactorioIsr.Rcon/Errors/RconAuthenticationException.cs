namespace FactorioIsr.Rcon;

/// <summary>The server rejected the password (auth reply with id -1). Not transient: fix the password.</summary>
public sealed class RconAuthenticationException : RconException
{
    public RconAuthenticationException(string message)
        : base(message, isTransient: false)
    {
    }
}
