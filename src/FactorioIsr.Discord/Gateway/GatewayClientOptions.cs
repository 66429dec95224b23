using FactorioIsr.Discord.Rest;

namespace FactorioIsr.Discord.Gateway;

/// <summary>Settings of the gateway client. The service binds them from its discord settings; tests shorten the waits.</summary>
internal sealed record GatewayClientOptions
{
    /// <summary>The bot token (without the <c>Bot </c> prefix).</summary>
    public string Token { get; init; } = "";

    /// <summary>
    /// Connect here instead of the URL <c>GET /gateway/bot</c> returns (the <c>discord.gateway_base_url</c> setting when
    /// it is not the default, so tests and proxies use loopback). <c>/gateway/bot</c> is still asked for the identify budget.
    /// </summary>
    public Uri? GatewayUrl { get; init; }

    /// <summary>The <c>browser</c> and <c>device</c> of Identify's <c>properties</c>.</summary>
    public string ClientName { get; init; } = "factorio-isr";

    /// <summary>Identifies per bucket are spaced by this (Discord: <c>max_concurrency</c> per 5 s). <value>The default value is 5 s.</value></summary>
    public TimeSpan IdentifySpacing { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>After op 9 with <c>d:false</c>, wait a random time in [min, max] before identifying. <value>The default value is 1-5 s.</value></summary>
    public TimeSpan InvalidSessionDelayMin { get; init; } = TimeSpan.FromSeconds(1);

    /// <inheritdoc cref="InvalidSessionDelayMin"/>
    public TimeSpan InvalidSessionDelayMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A socket with no Hello after this is dropped and opened again. <value>The default value is 60 s.</value></summary>
    public TimeSpan HelloTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Opening the socket (TCP + TLS + upgrade) gives up after this. <value>The default value is 30 s.</value></summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Sends per <see cref="SendWindow"/> on one connection (Discord: 120 per 60 s, heartbeats included; over it is close 4008).</summary>
    public int SendLimit { get; init; } = 120;

    /// <inheritdoc cref="SendLimit"/>
    public TimeSpan SendWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Delays between reconnect attempts that fail in a row (no READY/RESUMED in between); the first reconnect after a
    /// working session is immediate. A random jitter of up to half the delay is taken off. <value>The default value is 1 s doubling to 60 s.</value>
    /// </summary>
    public BackoffPolicy ReconnectBackoff { get; init; } = new(TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(60), int.MaxValue);

    /// <summary>Failed resumes in a row (the socket drops before RESUMED) before a fresh Identify. <value>The default value is 3.</value></summary>
    public int MaxResumeAttempts { get; init; } = 3;

    /// <summary>Dispatches waiting for the handlers; the receive loop pauses when it is full. <value>The default value is 1024.</value></summary>
    public int DispatchQueueCapacity { get; init; } = 1024;
}
