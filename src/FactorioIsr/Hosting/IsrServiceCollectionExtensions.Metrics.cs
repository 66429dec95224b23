using FactorioIsr.Delivery;
using FactorioIsr.Delivery.DiscordOutputs;
using FactorioIsr.Discord.Rest;
using FactorioIsr.Ingest;
using FactorioIsr.Patterns.ModEvents;
using FactorioIsr.Rcon.Client;
using FactorioIsr.State;
using FactorioIsr.Tailing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FactorioIsr.Hosting;

internal static partial class IsrServiceCollectionExtensions
{
    /// <summary>
    /// The host's <see cref="System.Diagnostics.Metrics.IMeterFactory"/> (<c>AddMetrics</c>) and one instruments class per
    /// feature, each a singleton that makes its meter from that factory (docs/architecture.md, "Metrics"). A feature
    /// that adds instruments registers its class in its own <c>IsrServiceCollectionExtensions.&lt;Feature&gt;.cs</c> the
    /// same way; the exporter of /metrics finds every meter of this factory named <c>FactorioIsr.*</c>.
    /// </summary>
    public static IServiceCollection AddIsrMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<TailMetrics>();
        services.TryAddSingleton<StateMetrics>();
        services.TryAddSingleton<IngestMetrics>();
        services.TryAddSingleton<ModEventMetrics>();
        services.TryAddSingleton<DeliveryMetrics>();
        services.TryAddSingleton<DiscordMetrics>();
        services.TryAddSingleton<DiscordRestMetrics>();
        services.TryAddSingleton<RconMetrics>();
        services.TryAddSingleton(sp => new PipelineMetrics(
            sp.GetRequiredService<TailMetrics>(), sp.GetRequiredService<IngestMetrics>(), sp.GetRequiredService<DeliveryMetrics>(), sp.GetRequiredService<RconMetrics>()));
        return services;
    }
}
