namespace FactorioIsr.Discord.Gateway;

/// <summary>
/// Sets the bot's presence (op 3, Presence Update) on the connected gateway, such as "Watching 3/4 servers". The last
/// presence set is sent again after every Identify; setting one while disconnected only remembers it.
/// </summary>
internal interface IGatewayPresence
{
    ValueTask SetPresenceAsync(GatewayPresence presence, CancellationToken cancellationToken);
}

/// <summary>A presence: <paramref name="Status"/> is <c>online</c>, <c>idle</c>, <c>dnd</c> or <c>invisible</c>;
/// <paramref name="ActivityType"/> is Discord's activity type (0 playing, 3 watching, 4 custom...).</summary>
internal sealed record GatewayPresence(string Status, string? ActivityName, int ActivityType = 3);
