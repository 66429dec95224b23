namespace FactorioIsr.Rcon;

/// <summary>
/// The peer broke the protocol (garbage bytes, impossible length, a reply for an unknown id, a wrong auth reply).
/// The connection is reset; a later reconnect may succeed, so it is transient.
/// </summary>
public sealed class RconProtocolException : RconException
{
    public RconProtocolException(string message)
        : base(message, isTransient: true)
    {
    }
}
