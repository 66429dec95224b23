using FactorioIsr.ChatBridge;
using FactorioIsr.Discord.Gateway;
using FactorioIsr.Ingest;
using FactorioIsr.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Hosting;

internal static partial class IsrServiceCollectionExtensions
{
    /// <summary>
    /// The chat bridge (docs/chat-bridge.md). The loop guard is always there (the pipeline's <see cref="IEchoFilter"/>):
    /// an echo of a line relayed before a restart is recognised even if the bridge was turned off since. The gateway
    /// handler, and with it the MESSAGE_CONTENT intent, only when the bridge is on for at least one server at start.
    /// </summary>
    public static IServiceCollection AddIsrChatBridge(this IServiceCollection services, RelaySettings settings)
    {
        services.AddSingleton<ChatBridgeMetrics>();
        services.AddSingleton(sp => new ChatLoopGuard(sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ChatBridgeMetrics>()));
        services.AddSingleton<IEchoFilter>(sp => sp.GetRequiredService<ChatLoopGuard>());
        if (!ChatBridgeTargets.For(settings.Configuration).Any)
        {
            return services;
        }

        services.AddSingleton(sp =>
        {
            var pipeline = sp.GetRequiredService<RelayPipeline>();
            return new ChatRelay(
                tag => pipeline.Servers.Servers.TryGetValue(tag, out var server) ? server.Monitor?.Rcon : null,
                sp.GetRequiredService<ChatLoopGuard>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<ChatRelay>(),
                metrics: sp.GetRequiredService<ChatBridgeMetrics>());
        });
        services.AddSingleton<IGatewayEventHandler>(sp =>
        {
            var status = sp.GetRequiredService<ConfigStatus>();
            return new ChatBridgeHandler(
                () => status.Current.Configuration,
                sp.GetRequiredService<ChatRelay>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<ChatBridgeHandler>(),
                sp.GetRequiredService<ChatBridgeMetrics>(),
                sp.GetService<Security.SecurityMonitor>());
        });
        return services;
    }
}
