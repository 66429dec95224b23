namespace FactorioIsr.Rcon.Protocol;

/// <summary>Packet type values of the Source RCON protocol (two names share the value 2 by design of the protocol).</summary>
public static class RconPacketType
{
    /// <summary>Client to server: authenticate with the password in the body.</summary>
    public const int Auth = 3;

    /// <summary>Server to client: the single answer to <see cref="Auth"/>; id -1 means a wrong password.</summary>
    public const int AuthResponse = 2;

    /// <summary>Client to server: run the command in the body.</summary>
    public const int ExecCommand = 2;

    /// <summary>Server to client: the single answer to <see cref="ExecCommand"/>, echoing its id.</summary>
    public const int ResponseValue = 0;
}
