namespace FactorioIsr.Hosting;

/// <summary>
/// The meters of the service, one per feature; Prometheus names are <c>isr_*</c> (docs/architecture.md, "Metrics").
/// </summary>
internal static class IsrMeters
{
    public const string Tailing = "FactorioIsr.Tailing";
    public const string State = "FactorioIsr.State";
    public const string Delivery = "FactorioIsr.Delivery";
    public const string Discord = "FactorioIsr.Discord";
    public const string ChatBridge = "FactorioIsr.ChatBridge";

    public static IReadOnlyList<string> All { get; } = [Tailing, State, Delivery, Discord, ChatBridge];
}
