using FactorioIsr.Delivery.DiscordOutputs;
using FactorioIsr.Discord.Gateway;
using FactorioIsr.Monitoring;
using FactorioIsr.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Hosting;

internal static partial class IsrServiceCollectionExtensions
{
    /// <summary>
    /// The monitoring services beside the servers' own monitors: the status board (<c>stats_mode: edit</c>, through the
    /// shared REST client) and the presence ("Watching N/M servers online"), set through the gateway's
    /// <see cref="IGatewayPresence"/> when a gateway is registered, and not at all when none is. With
    /// <see cref="RelaySettings.ConsoleStatusBoard"/> (<c>isr demo</c>) the board is written to <paramref name="console"/>.
    /// </summary>
    public static IServiceCollection AddIsrMonitoring(this IServiceCollection services, TextWriter? console = null)
    {
        services.AddSingleton(sp => sp.GetRequiredService<RelaySettings>().ConsoleStatusBoard ?? StatusBoardOptions.Default);
        services.AddSingleton<IHostedService>(sp =>
        {
            var settings = sp.GetRequiredService<RelaySettings>();
            var pipeline = sp.GetRequiredService<RelayPipeline>();
            var options = sp.GetRequiredService<StatusBoardOptions>();
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            var onConsole = settings.ConsoleStatusBoard is not null && console is not null;
            IStatusBoardTarget target = onConsole
                ? new ConsoleStatusBoardTarget(console!)
                : new DiscordStatusBoardTarget(sp.GetRequiredService<DiscordDelivery>().Client);
            var board = new StatusBoard(sp.GetRequiredService<IStateStore>(), target, options, loggers.CreateLogger<StatusBoard>());
            var time = sp.GetRequiredService<TimeProvider>();
            return new StatusBoardService(
                pipeline.Servers, board, options,
                RelayLine(pipeline, time),
                onConsole || settings.Configuration.Settings.Discord.Token is { IsEmpty: false },
                time,
                loggers.CreateLogger<StatusBoardService>());
        });
        services.AddSingleton<IHostedService>(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            if (sp.GetService<IGatewayPresence>() is not { } gateway)
            {
                return new NoPresence();
            }

            var updater = new PresenceUpdater(gateway, time, sp.GetRequiredService<ILoggerFactory>().CreateLogger<PresenceUpdater>(), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15));
            return new PresenceService(sp.GetRequiredService<RelayPipeline>().Servers, updater, TimeSpan.FromSeconds(5), time);
        });
        return services;
    }

    /// <summary>The relay's line of a status card, read when a card is built (the board and <c>/factorio status</c> show the same).</summary>
    private static Func<string?> RelayLine(RelayPipeline pipeline, TimeProvider time) =>
        () => StatusBoardService.RelayLine(pipeline.Outbox.Rows, pipeline.Ingest.Reader.Count,
            pipeline.Writer.LastCommitTimestamp == 0 ? null : time.GetElapsedTime(pipeline.Writer.LastCommitTimestamp));

    /// <summary>No gateway registered: no presence to set.</summary>
    private sealed class NoPresence : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
