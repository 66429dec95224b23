using System.Security.Cryptography;
using System.Text;
using FactorioIsr.Configuration;

namespace FactorioIsr.Ingest;

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

    /// <summary>The routes of one server: its events' destinations through its own <c>channels</c>.</summary>
    public static EventRouter ForServer(ServerConfig server) => e =>
    {
        var target = IsPrivate(e) ? PrivateRoute(server, e.Route) : server.ResolveRoute(e.Route);
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

    /// <summary>
    /// Security alerts are private: they go only where their route is configured in <c>channels:</c> (the folded
    /// <c>alert_channel</c> of secmon.yml included), never to <c>event_channel_id</c> or the server's webhook, even when
    /// no such route exists (then only the global outputs, JSONL and console, get them).
    /// </summary>
    private static bool IsPrivate(Events.FactorioEvent e) => string.Equals(e.Type, Security.SecurityRoutes.Security, StringComparison.Ordinal);

    private static RouteTarget PrivateRoute(ServerConfig server, string route) =>
        server.Channels.TryGetValue(route, out var configured)
            ? new RouteTarget(route, configured.ChannelId, configured.WebhookUrl, configured.AllowRoleMentions)
            : new RouteTarget(route, null, null, false);

    /// <summary>Every destination a server's routes can reach (its <c>channels</c>, the well-known routes, <c>event_channel_id</c>).</summary>
    public static IReadOnlySet<string> DestinationsOf(ServerConfig server)
    {
        var destinations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in server.Channels.Keys.Concat([RouteNames.Events, RouteNames.Chat, RouteNames.Alerts, RouteNames.Status]).Select(server.ResolveRoute))
        {
            if (target.ChannelId is { } channel)
            {
                destinations.Add(ChannelDestination(channel));
            }

            if (target.WebhookUrl is { IsEmpty: false } webhook)
            {
                destinations.Add(WebhookDestination(webhook));
            }
        }

        return destinations;
    }
}
