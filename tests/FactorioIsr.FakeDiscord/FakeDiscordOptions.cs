using System.Net;

namespace FactorioIsr.FakeDiscord;

/// <summary>How the fake behaves. Limits default to what Discord is observed to use.</summary>
public sealed class FakeDiscordOptions
{
    public string Token { get; set; } = "fake-token";

    /// <summary>Address to listen on: loopback for tests; <c>0.0.0.0</c> in a container (tests/FactorioIsr.FakeDiscord.Host).</summary>
    public IPAddress ListenAddress { get; set; } = IPAddress.Loopback;

    /// <summary>Port of the first start; 0 picks a free one.</summary>
    public int Port { get; set; }

    public string ApplicationId { get; set; } = "333000000000000001";

    /// <summary>Clock for rate-limit windows, nonce expiry and fault durations (a FakeTimeProvider in tests).</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Global requests per second per bot (interaction and webhook-token routes are exempt).</summary>
    public int GlobalPerSecond { get; set; } = 50;

    /// <summary>How long a nonce is remembered for <c>enforce_nonce</c>.</summary>
    public TimeSpan NonceWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Validate every JSON body against Discord's OpenAPI document.</summary>
    public bool ValidateOpenApi { get; set; } = true;

    public List<FakeRouteLimit> RouteLimits { get; } =
    [
        new(["POST /channels/{channel_id}/messages", "PATCH /channels/{channel_id}/messages/{message_id}"], 5, TimeSpan.FromSeconds(5), "80c17d2f203122d936070c88c8d10f33"),
        new(["POST /webhooks/{webhook_id}/{webhook_token}", "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
             "DELETE /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"], 5, TimeSpan.FromSeconds(2), "e6b3a2c1d4f5a6b7c8d9e0f1a2b3c4d5"),
        new(["GET /guilds/{guild_id}/roles"], 10, TimeSpan.FromSeconds(10), "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6"),
        new(["PUT /applications/{application_id}/commands", "PUT /applications/{application_id}/guilds/{guild_id}/commands"], 2, TimeSpan.FromSeconds(20), "c0mmand5c0mmand5c0mmand5c0mmand5"),
        new(["GET /applications/@me", "GET /gateway/bot"], 20, TimeSpan.FromSeconds(5), "0a0b0c0d0e0f0a0b0c0d0e0f0a0b0c0d"),
        new(["POST /interactions/{interaction_id}/{interaction_token}/callback"], 20, TimeSpan.FromSeconds(1), "1111aaaa2222bbbb3333cccc4444dddd"),
    ];

    /// <summary>Sets the limit of the bucket that serves <paramref name="route"/>.</summary>
    public FakeDiscordOptions WithLimit(string route, int limit, TimeSpan window)
    {
        var index = RouteLimits.FindIndex(l => l.Routes.Contains(route));
        if (index < 0)
        {
            RouteLimits.Add(new FakeRouteLimit([route], limit, window, Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(route))[..32]));
        }
        else
        {
            RouteLimits[index] = RouteLimits[index] with { Limit = limit, Window = window };
        }

        return this;
    }
}
