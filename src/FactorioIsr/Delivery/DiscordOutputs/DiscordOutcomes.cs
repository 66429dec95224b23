using System.Net;
using FactorioIsr.Discord.Rest;

namespace FactorioIsr.Delivery.DiscordOutputs;

/// <summary>Maps what the REST client threw to the outbox's outcome.</summary>
internal static class DiscordOutcomes
{
    public static DeliveryOutcome FromException(Exception exception, string destination, bool webhook)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            DiscordRateLimitedException limited => DeliveryOutcome.Transient(limited.Message, limited.RetryAfter),
            DiscordRestException { StatusCode: HttpStatusCode.Unauthorized } rest => DeliveryOutcome.Disabled(
                webhook ? $"{destination}: Discord rejected the webhook token (401): {rest.DiscordMessage}"
                        : $"{destination}: Discord rejected the bot token (401); fix DISCORD_BOT_TOKEN and restart"),
            DiscordRestException { StatusCode: HttpStatusCode.NotFound, Code: 10015 } rest when webhook =>
                DeliveryOutcome.Disabled($"{destination}: the webhook was deleted (10015 {rest.DiscordMessage})"),
            DiscordRestException { StatusCode: HttpStatusCode.NotFound, Code: 10003 } =>
                DeliveryOutcome.Permanent($"{destination}: unknown channel (10003): check the channel id"),
            DiscordRestException { StatusCode: HttpStatusCode.Forbidden, Code: 50013 } =>
                DeliveryOutcome.Permanent($"{destination}: missing permissions (50013): the bot needs View Channel, Send Messages and Embed Links"),
            DiscordRestException { IsTransient: true } rest => DeliveryOutcome.Transient(rest.Message),
            DiscordRestException rest => DeliveryOutcome.Permanent($"{destination}: {rest.Message}"),
            DiscordTransportException transport => DeliveryOutcome.Transient(transport.Message),
            _ => DeliveryOutcome.Transient(exception.Message),
        };
    }
}
