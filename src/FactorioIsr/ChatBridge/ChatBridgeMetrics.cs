using System.Diagnostics.Metrics;

namespace FactorioIsr.ChatBridge;

/// <summary>Chat bridge instruments (Prometheus names isr_chat_bridge_*), from the host's meter factory.</summary>
internal sealed class ChatBridgeMetrics
{
    public ChatBridgeMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Hosting.IsrMeters.ChatBridge);
        Relayed = meter.CreateCounter<long>("isr_chat_bridge_relayed", "{line}", "Discord messages relayed into a game, per server.");
        Retries = meter.CreateCounter<long>("isr_chat_bridge_retries", "{attempt}", "Relays retried because RCON failed, per server.");
        Failed = meter.CreateCounter<long>("isr_chat_bridge_failed", "{line}", "Discord messages that could not reach a game, per server and reason.");
        Ignored = meter.CreateCounter<long>("isr_chat_bridge_ignored", "{message}", "Messages in a bridged channel not relayed (bots, webhooks, system messages, empty), per reason.");
        Echoes = meter.CreateCounter<long>("isr_chat_bridge_echoes", "{line}", "Echoes of relayed lines recognised in console.log and not posted back.");
    }

    public Counter<long> Relayed { get; }

    public Counter<long> Retries { get; }

    public Counter<long> Failed { get; }

    public Counter<long> Ignored { get; }

    public Counter<long> Echoes { get; }
}
