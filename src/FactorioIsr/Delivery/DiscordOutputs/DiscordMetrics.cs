using System.Diagnostics.Metrics;

namespace FactorioIsr.Delivery.DiscordOutputs;

/// <summary>Discord delivery instruments on the FactorioIsr.Discord meter.</summary>
internal static class DiscordMetrics
{
    public const string PossibleDuplicatesName = "isr_discord_webhook_possible_duplicates";
    private static readonly Meter Meter = new(Hosting.IsrMeters.Discord);

    /// <summary>
    /// Webhook messages re-sent after an ambiguous failure (timeout or dropped connection after sending): Discord may
    /// show them twice, because webhooks have no nonce.
    /// </summary>
    public static readonly Counter<long> PossibleDuplicates = Meter.CreateCounter<long>(PossibleDuplicatesName, "{message}",
        "Webhook messages re-sent after an ambiguous failure; each may appear twice in Discord.");

    public static readonly Counter<long> MessagesSent = Meter.CreateCounter<long>("isr_discord_messages_sent", "{message}",
        "Discord messages created (bot channel or webhook).");

    public static readonly Counter<long> Failures = Meter.CreateCounter<long>("isr_discord_delivery_failures", "{attempt}",
        "Discord delivery attempts that failed, by outcome (transient, permanent, disabled).");
}
