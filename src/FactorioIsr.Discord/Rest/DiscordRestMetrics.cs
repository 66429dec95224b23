using System.Diagnostics.Metrics;
using FactorioIsr.Discord.Rest.RateLimits;

namespace FactorioIsr.Discord.Rest;

/// <summary>
/// REST client instruments on the <see cref="MeterName"/> meter: <c>isr_discord_rate_limited_total{scope}</c>, the 429s
/// Discord answered, by scope: <c>user</c> (a route's own bucket or a sublimit), <c>shared</c> (a resource's shared
/// bucket: not counted towards the invalid-request ban), <c>global</c> (the bot's global limit) and <c>cloudflare</c>
/// (an HTML 429: an IP ban).
/// </summary>
internal sealed class DiscordRestMetrics
{
    public const string MeterName = "FactorioIsr.Discord.Rest";

    private readonly Counter<long> _rateLimited;

    public DiscordRestMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _rateLimited = meters.Create(MeterName).CreateCounter<long>(
            "isr_discord_rate_limited", "{response}", "Discord 429 responses, by scope (user, shared, global, cloudflare).");
    }

    /// <summary>The scope label of a 429 classified as <paramref name="verdict"/>.</summary>
    public static string ScopeOf(RateLimitVerdict verdict) => verdict switch
    {
        RateLimitVerdict.Global => "global",
        RateLimitVerdict.Shared => "shared",
        _ => "user",
    };

    public void RateLimited(string scope) => _rateLimited.Add(1, new KeyValuePair<string, object?>("scope", scope));
}
