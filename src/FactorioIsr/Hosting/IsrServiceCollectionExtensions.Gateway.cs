using FactorioIsr.Discord.Gateway;
using FactorioIsr.Discord.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Hosting;

internal static partial class IsrServiceCollectionExtensions
{
    /// <summary>
    /// The one Discord gateway connection: <see cref="GatewayClient"/> on the shared <see cref="DiscordRestClient"/>, also
    /// as <see cref="IGatewayPresence"/>, and the hosted <see cref="GatewayService"/> that runs it when a bot token is
    /// configured and some feature registered an <see cref="IGatewayEventHandler"/>.
    /// </summary>
    public static IServiceCollection AddIsrGateway(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var discord = sp.GetRequiredService<RelaySettings>().Configuration.Settings.Discord;
            return new GatewayClient(
                sp.GetRequiredService<DiscordRestClient>(),
                GatewayService.Options(discord),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<GatewayClient>());
        });
        services.AddSingleton<IGatewayPresence>(sp => sp.GetRequiredService<GatewayClient>());
        services.AddHostedService<GatewayService>();
        return services;
    }
}
