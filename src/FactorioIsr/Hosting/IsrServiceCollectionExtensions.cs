using FactorioIsr.Configuration;
using FactorioIsr.Delivery;
using FactorioIsr.Delivery.DiscordOutputs;
using FactorioIsr.Health;
using FactorioIsr.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FactorioIsr.Hosting;

/// <summary>
/// The composition root of <c>isr run</c>, one <c>Add…</c> per feature. Singletons: the redacting logger factory, the
/// state store (through <see cref="IStateStoreFactory"/>), one <see cref="DiscordDelivery"/> (one REST client, one
/// rate-limit state, shared by the outputs and, later, the gateway and commands), the outputs, the pipeline (and its
/// <see cref="Servers.ServerManager"/>), and <see cref="RelayHealth"/>.
/// </summary>
internal static partial class IsrServiceCollectionExtensions
{
    /// <summary>Everything <c>isr run</c> needs, and the hosted <see cref="RelayService"/> that starts and stops it.</summary>
    public static IServiceCollection AddIsrRelay(this IServiceCollection services, RelaySettings settings, TextWriter stdout)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(settings);
        services.AddIsrRedactedLogging(settings.Configuration.Secrets);
        services.AddIsrMetrics();
        services.AddIsrState();
        services.AddIsrDiscord();
        services.AddIsrOutputs(stdout);
        services.AddIsrPipeline();
        services.AddIsrChatBridge(settings);
        services.AddIsrGateway();
        services.AddIsrSecurity();
        services.AddIsrCommands();
        services.AddIsrInteractionsEndpoint(settings);
        services.AddSingleton<RelayHealth>();
        services.AddSingleton(sp => new ConfigStatus(sp.GetRequiredService<RelaySettings>()));
        services.AddHostedService<RelayService>();
        services.AddHostedService<ConfigReloader>();
        services.AddIsrMonitoring(stdout);
        return services;
    }

    /// <summary>The host's <see cref="ILoggerFactory"/> prints a value from <c>${NAME}</c> as <c>${NAME}</c>: every logger, ASP.NET Core's included.</summary>
    public static IServiceCollection AddIsrRedactedLogging(this IServiceCollection services, SecretRedactor secrets)
    {
        services.AddSingleton(sp => new LoggerFactory(
            sp.GetServices<ILoggerProvider>(),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>()));
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(sp.GetRequiredService<LoggerFactory>(), secrets)));
        return services;
    }

    /// <summary>The state store the <c>state</c> setting names, opened when first resolved.</summary>
    public static IServiceCollection AddIsrState(this IServiceCollection services)
    {
        services.TryAddSingleton<IStateStoreFactory, StateStoreFactory>();
        services.AddSingleton(sp => sp.GetRequiredService<IStateStoreFactory>().Open(sp.GetRequiredService<RelaySettings>().StatePath));
        return services;
    }

    /// <summary>One <see cref="DiscordDelivery"/> and its <see cref="FactorioIsr.Discord.Rest.DiscordRestClient"/>.</summary>
    public static IServiceCollection AddIsrDiscord(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<RelaySettings>();
            var discord = settings.Configuration.Settings.Discord;
            var looks = DiscordLooks.From(settings.Configuration, settings.Patterns);
            return new DiscordDelivery(discord, settings.Mentions, looks, discord.WebhookAvatarTemplate, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>(),
                sp.GetService<DiscordMetrics>(), sp.GetService<FactorioIsr.Discord.Rest.DiscordRestMetrics>());
        });
        services.AddSingleton(sp => sp.GetRequiredService<DiscordDelivery>().Client);
        return services;
    }

    /// <summary>The outputs every event goes to: <c>--console</c> and <c>--jsonl</c>.</summary>
    public static IServiceCollection AddIsrOutputs(this IServiceCollection services, TextWriter stdout)
    {
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<RelaySettings>();
            var outputs = new List<IDeliveryOutput>();
            if (settings.Console)
            {
                outputs.Add(new ConsoleOutput(stdout));
            }

            if (settings.JsonlPath is { } jsonl)
            {
                outputs.Add(new JsonlOutput(jsonl));
            }

            return new GlobalOutputs(outputs);
        });
        return services;
    }

    /// <summary>The pipeline with one server definition per enabled server.</summary>
    public static IServiceCollection AddIsrPipeline(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<RelaySettings>();
            var time = sp.GetRequiredService<TimeProvider>();
            var discord = sp.GetRequiredService<DiscordDelivery>();
            var servers = ConfigReloader.Definitions(settings, discord, time, sp.GetService<Patterns.ModEvents.ModEventMetrics>());
            var pipeline = new RelayPipeline(sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<GlobalOutputs>().Outputs, servers, settings.Options, time, sp.GetRequiredService<ILoggerFactory>(),
                sp.GetService<PipelineMetrics>());
            pipeline.Servers.EchoFilter = sp.GetService<Ingest.IEchoFilter>(); // the chat bridge's loop guard
            return pipeline;
        });
        return services;
    }
}

/// <summary>The outputs every event goes to (console, JSONL); disposed with the host.</summary>
internal sealed class GlobalOutputs(IReadOnlyList<IDeliveryOutput> outputs) : IDisposable
{
    public IReadOnlyList<IDeliveryOutput> Outputs { get; } = outputs;

    public void Dispose()
    {
        foreach (var output in Outputs.OfType<IDisposable>())
        {
            output.Dispose();
        }
    }
}
