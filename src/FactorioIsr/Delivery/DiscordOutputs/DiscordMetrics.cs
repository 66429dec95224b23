using System.Diagnostics.Metrics;

namespace FactorioIsr.Delivery.DiscordOutputs;

/// <summary>Discord delivery instruments on the FactorioIsr.Discord meter (Prometheus names isr_discord_*).</summary>
internal sealed class DiscordMetrics
{
    public const string PossibleDuplicatesName = "isr_discord_webhook_possible_duplicates";

    public DiscordMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(Hosting.IsrMeters.Discord);
        PossibleDuplicates = meter.CreateCounter<long>(PossibleDuplicatesName, "{message}",
            "Webhook messages re-sent after an ambiguous failure; each may appear twice in Discord.");
        MessagesSent = meter.CreateCounter<long>("isr_discord_messages_sent", "{message}",
            "Discord messages created (bot channel or webhook).");
        Failures = meter.CreateCounter<long>("isr_discord_delivery_failures", "{attempt}",
            "Discord delivery attempts that failed, by outcome (transient, permanent, disabled).");
    }

    /// <summary>
    /// Webhook messages re-sent after an ambiguous failure (timeout or dropped connection after sending): Discord may
    /// show them twice, because webhooks have no nonce.
    /// </summary>
    public Counter<long> PossibleDuplicates { get; }

    public Counter<long> MessagesSent { get; }

    public Counter<long> Failures { get; }
}
