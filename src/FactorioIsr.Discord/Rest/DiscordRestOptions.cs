namespace FactorioIsr.Discord.Rest;

/// <summary>Settings of the REST client. The service binds them from its discord settings.</summary>
internal sealed record DiscordRestOptions
{
    /// <summary>The default API base URL.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://discord.com/api/v10/");

    /// <summary>The bot token (without the <c>Bot </c> prefix). May be empty for webhook-only use.</summary>
    public string Token { get; init; } = "";

    /// <summary>API base URL. <value>The default value is https://discord.com/api/v10.</value></summary>
    public Uri BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>Product URL in the User-Agent (Discord requires <c>DiscordBot (url, version)</c>).</summary>
    public string UserAgentUrl { get; init; } = "https://github.com/factorio-isr/factorio-isr";

    /// <summary>Product version in the User-Agent. <value>The default value is the assembly version.</value></summary>
    public string Version { get; init; } = typeof(DiscordRestOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Per-attempt timeout. <value>The default value is 15 s.</value></summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The bot's global limit. <value>The default value is 50 requests per second.</value></summary>
    public int GlobalRequestsPerSecond { get; init; } = 50;

    /// <summary>Invalid requests (401/403/non-shared 429) per 10 minutes before the client refuses to send. <value>The default value is 5,000 (Discord bans at 10,000).</value></summary>
    public int InvalidRequestThreshold { get; init; } = 5000;

    /// <summary>A 429 whose wait is longer than this is surfaced as <see cref="DiscordRateLimitedException"/> instead of waited out. <value>The default value is 60 s.</value></summary>
    public TimeSpan MaxInlineRateLimitWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long every route stops after a Cloudflare (HTML) 429. <value>The default value is 60 s.</value></summary>
    public TimeSpan CloudflareBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries of 5xx answers and unambiguous transport failures. <value>The default value is <see cref="BackoffPolicy.Default"/>.</value></summary>
    public BackoffPolicy ServerErrorBackoff { get; init; } = BackoffPolicy.Default;
}
