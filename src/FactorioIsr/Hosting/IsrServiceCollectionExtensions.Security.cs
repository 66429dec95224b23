using FactorioIsr.Security;
using FactorioIsr.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Hosting;

internal static partial class IsrServiceCollectionExtensions
{
    /// <summary>
    /// The security monitor (secmon.yml, read again on every reload through <see cref="ConfigStatus"/>) and its hosted
    /// service, which makes it the ingest writer's observer before any hosted service starts. Commands and the chat bridge resolve <see cref="SecurityMonitor"/> for CheckOutgoing, the
    /// infractions, the active actions and pardons.
    /// </summary>
    public static IServiceCollection AddIsrSecurity(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var status = sp.GetRequiredService<ConfigStatus>();
            return new SecurityMonitor(
                () => status.Current.Security,
                new PipelineSecurityServers(sp.GetRequiredService<RelayPipeline>()),
                sp.GetRequiredService<IStateStore>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<SecurityMonitor>());
        });
        services.AddHostedService<SecurityService>();
        return services;
    }
}
