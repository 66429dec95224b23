using System.Security.Cryptography;
using System.Text;
using FactorioIsr.Configuration;
using FactorioIsr.Delivery;

namespace FactorioIsr.Hosting;

/// <summary>
/// Routes an event to its destinations: the pattern's route (<c>channel</c>) resolved through the server's
/// <c>channels</c> (default <c>event_channel_id</c>) to a bot channel and/or a webhook. Global outputs (console,
/// JSONL) are added by the pipeline. Destination keys match the Discord outputs' <c>Destination</c>:
/// <c>discord:channel:ID</c> and <c>webhook:WEBHOOK_ID</c> (the id from the URL; the token, which is the secret part,
/// never lands in the state database; an unparsable URL gets a hash instead).
/// </summary>
internal static class RelayRouter
{
    public static string ChannelDestination(ulong channelId) => $"discord:channel:{channelId}";

    public static string WebhookDestination(Secret url) =>
        "webhook:" + (Delivery.DiscordOutputs.DiscordWebhookSettings.TryParseUrl(url.Reveal(), out var id, out _)
            ? id
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url.Reveal())))[..16]);

    public static EventRouter Create(IsrConfiguration configuration)
    {
        var servers = configuration.Servers.ToDictionary(s => s.Tag, StringComparer.Ordinal);
        return e =>
        {
            if (!servers.TryGetValue(e.Server, out var server))
            {
                return [];
            }

            var target = server.ResolveRoute(e.Route);
            var destinations = new List<string>(2);
            if (target.ChannelId is { } channel)
            {
                destinations.Add(ChannelDestination(channel));
            }

            if (target.WebhookUrl is { IsEmpty: false } webhook)
            {
                destinations.Add(WebhookDestination(webhook));
            }

            return destinations;
        };
    }
}
