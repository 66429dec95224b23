using System.Globalization;
using FactorioIsr.Commands;
using FactorioIsr.Discord.Gateway;
using FactorioIsr.Discord.Rest;
using FactorioIsr.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Hosting;

internal static partial class IsrServiceCollectionExtensions
{
    /// <summary>
    /// The slash commands: the registry, the <see cref="InteractionRouter"/> (the gateway's INTERACTION_CREATE handler,
    /// also behind <c>POST /interactions</c>), and the start-up registration.
    /// </summary>
    public static IServiceCollection AddIsrCommands(this IServiceCollection services)
    {
        services.AddSingleton(_ => FactorioCommandSet.Create());
        services.AddSingleton(sp => new UserContexts(sp.GetRequiredService<IStateStore>()));
        services.AddSingleton<ICommandServers>(sp => new PipelineCommandServers(sp.GetRequiredService<ConfigStatus>(), sp.GetRequiredService<RelayPipeline>()));
        services.AddSingleton(sp =>
        {
            var discord = sp.GetRequiredService<RelaySettings>().Configuration.Settings.Discord;
            var rest = sp.GetRequiredService<DiscordRestClient>();
            var time = sp.GetRequiredService<TimeProvider>();
            var registry = sp.GetRequiredService<CommandRegistry>();
            var environment = new CommandEnvironment(sp.GetRequiredService<ICommandServers>(), registry, sp.GetRequiredService<UserContexts>(), time)
            {
                Security = sp.GetService<Security.SecurityMonitor>(),
                RelayLine = RelayLine(sp.GetRequiredService<RelayPipeline>(), time),
            };
            var permissions = new CommandPermissions(discord, (guild, ct) => rest.GetGuildRolesAsync(guild, ct), time);
            var replies = new InteractionReplies(rest, discord.ApplicationId?.ToString(CultureInfo.InvariantCulture), time,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<InteractionReplies>(), sp.GetService<System.Diagnostics.Metrics.IMeterFactory>());
            return new InteractionRouter(registry, environment, permissions, replies, time, sp.GetRequiredService<ILogger<InteractionRouter>>());
        });
        services.AddSingleton<IGatewayEventHandler>(sp => sp.GetRequiredService<InteractionRouter>());
        services.AddSingleton(sp => new CommandRegistration(
            sp.GetRequiredService<CommandRegistry>(),
            sp.GetRequiredService<RelaySettings>().Configuration.Settings.Discord,
            sp.GetRequiredService<DiscordRestClient>(),
            sp.GetRequiredService<IStateStore>(),
            sp.GetRequiredService<ILogger<CommandRegistration>>()));
        services.AddHostedService<CommandRegistrationService>();
        return services;
    }
}
