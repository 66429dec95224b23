using FactorioIsr.Commands;
using FactorioIsr.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Hosting;

internal static partial class IsrServiceCollectionExtensions
{
    /// <summary>
    /// <c>POST /interactions</c> (<see cref="InteractionsEndpoint"/>), only when <c>discord.public_key</c> is set: without
    /// it nothing is registered and the path is 404 like any other. It serves the same <see cref="InteractionRouter"/>
    /// as the gateway.
    /// </summary>
    public static IServiceCollection AddIsrInteractionsEndpoint(this IServiceCollection services, RelaySettings settings)
    {
        if (settings.Configuration.Settings.Discord.PublicKey is not { } key)
        {
            return services;
        }

        services.AddSingleton(sp => new InteractionsEndpoint(
            InteractionSignature.FromHex(key),
            sp.GetRequiredService<InteractionRouter>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<InteractionsEndpoint>>(),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None));
        return services;
    }
}
