using System.Diagnostics.Metrics;

namespace FactorioIsr.ChatBridge;

/// <summary>Chat bridge instruments (Prometheus names isr_chat_bridge_*).</summary>
internal static class ChatBridgeMetrics
{
    private static readonly Meter Meter = new(Hosting.IsrMeters.ChatBridge);

    public static readonly Counter<long> Relayed = Meter.CreateCounter<long>("isr_chat_bridge_relayed", "{line}", "Discord messages relayed into a game, per server.");
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("isr_chat_bridge_retries", "{attempt}", "Relays retried because RCON failed, per server.");
    public static readonly Counter<long> Failed = Meter.CreateCounter<long>("isr_chat_bridge_failed", "{line}", "Discord messages that could not reach a game, per server and reason.");
    public static readonly Counter<long> Ignored = Meter.CreateCounter<long>("isr_chat_bridge_ignored", "{message}", "Messages in a bridged channel not relayed (bots, webhooks, system messages, empty), per reason.");
    public static readonly Counter<long> Echoes = Meter.CreateCounter<long>("isr_chat_bridge_echoes", "{line}", "Echoes of relayed lines recognised in console.log and not posted back.");
}
