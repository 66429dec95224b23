using FactorioIsr.Rcon.Protocol;

namespace FactorioIsr.Rcon.Client;

/// <summary>Settings of one <see cref="RconClient"/> (one server, one long-lived connection).</summary>
public sealed record RconClientOptions
{
    /// <summary>Server address. Factorio binds IPv4 only: prefer 127.0.0.1 over localhost.</summary>
    public required string Host { get; init; }

    /// <summary>RCON TCP port (Factorio's <c>--rcon-port</c>).</summary>
    public required int Port { get; init; }

    /// <summary>RCON password (Factorio's <c>--rcon-password</c>). Never logged.</summary>
    public required string Password { get; init; }

    /// <summary>Label used in logs and errors (the server tag). <value>The default value is host:port.</value></summary>
    public string? Name { get; init; }

    /// <summary>How long a command may wait for its reply; then the connection is treated as half-open and reset. <value>The default value is 10 seconds.</value></summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long connect plus authentication may take. <value>The default value is 5 seconds.</value></summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Commands in flight on the connection at once (clusterio uses 5). <value>The default value is 5.</value></summary>
    public int MaxConcurrentCommands { get; init; } = 5;

    /// <summary>Largest reply accepted; bigger length fields are treated as garbage. <value>The default value is 64 MiB.</value></summary>
    public int MaxReplySize { get; init; } = RconPacketCodec.DefaultMaxReplySize;

    /// <summary>Reconnect delays. <value>The default value is <see cref="RconBackoff.Default"/>.</value></summary>
    public RconBackoff Backoff { get; init; } = RconBackoff.Default;

    /// <summary>
    /// Keep-alive: when the connection has been idle this long, <see cref="RconClient.RunKeepAliveAsync"/> sends
    /// <see cref="ProbeCommand"/>. <value>The default value is 30 seconds.</value>
    /// </summary>
    public TimeSpan IdleProbeInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A cheap command that Factorio always answers and that is not Lua (so it keeps achievements).
    /// Never empty: Factorio does not answer empty commands. <value>The default value is <c>/version</c>.</value>
    /// </summary>
    public string ProbeCommand { get; init; } = "/version";

    internal string DisplayName => Name ?? $"{Host}:{Port}";

    /// <summary>Keeps the password out of <c>ToString()</c> (options end up in logs and exception messages).</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"Name = {Name}, Host = {Host}, Port = {Port}, Password = [redacted], ");
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"CommandTimeout = {CommandTimeout}, ConnectTimeout = {ConnectTimeout}, MaxConcurrentCommands = {MaxConcurrentCommands}");
        return true;
    }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Host);
        ArgumentOutOfRangeException.ThrowIfLessThan(Port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535);
        ArgumentNullException.ThrowIfNull(Password);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentCommands, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReplySize, RconPacketCodec.MinSize);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CommandTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero);
        ArgumentException.ThrowIfNullOrWhiteSpace(ProbeCommand);
        ArgumentNullException.ThrowIfNull(Backoff);
    }
}
