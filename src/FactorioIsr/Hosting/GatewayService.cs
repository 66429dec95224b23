using System.Diagnostics.Metrics;
using FactorioIsr.Configuration;
using FactorioIsr.Discord.Gateway;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Hosting;

/// <summary>
/// Runs the Discord gateway for the features that listen to it (the <see cref="IGatewayEventHandler"/>s registered in
/// DI), only when a bot token is configured and at least one handler is registered: a webhook-only or log-only relay
/// opens no gateway connection. On stop the client closes with a resumable code. Its state is in the health snapshot,
/// and its gauges on the <see cref="IsrMeters.Gateway"/> meter while it runs.
/// </summary>
internal sealed partial class GatewayService(
    GatewayClient client,
    IEnumerable<IGatewayEventHandler> handlers,
    RelaySettings settings,
    IMeterFactory meters,
    ILogger<GatewayService> logger) : BackgroundService
{
    private static readonly GatewayState[] States = Enum.GetValues<GatewayState>();

    /// <summary>The client's options from the <c>discord:</c> settings: <c>gateway_base_url</c> replaces the URL of <c>/gateway/bot</c> unless it is the default.</summary>
    public static GatewayClientOptions Options(DiscordSettings discord) => new()
    {
        Token = discord.Token?.Reveal() ?? "",
        GatewayUrl = discord.GatewayBaseUrl == new Uri(ConfigDefaults.DiscordGatewayBaseUrl) ? null : discord.GatewayBaseUrl,
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var list = handlers.ToList();
        if (settings.Configuration.Settings.Discord.Token is not { IsEmpty: false })
        {
            if (list.Count > 0)
            {
                NoToken(logger, list.Count);
            }

            return;
        }

        if (list.Count == 0)
        {
            NoHandlers(logger);
            return;
        }

        // The host's factory owns the meter (one per relay, exported by its /metrics), so a gateway stopped by a fatal
        // close still shows as stopped.
        var meter = meters.Create(IsrMeters.Gateway);
        meter.CreateObservableGauge("isr_gateway_state", () =>
        {
            var state = client.Status.State;
            return States.Select(s => new Measurement<int>(s == state ? 1 : 0, new KeyValuePair<string, object?>("state", s.ToString().ToLowerInvariant())));
        }, null, "1 for the state the Discord gateway connection is in.");
        meter.CreateObservableGauge("isr_gateway_fatal", () => client.Status.FatalError is null ? 0 : 1, null,
            "1 once a fatal close (4004, 4010-4014) stopped the Discord gateway.");
        meter.CreateObservableCounter("isr_gateway_reconnects", () => client.Status.Reconnects, "{connection}",
            "Discord gateway connections opened after the first (resumes and new sessions).");
        meter.CreateObservableGauge("isr_gateway_heartbeat_latency_seconds", () => client.Status.Latency?.TotalSeconds ?? -1, "s",
            "From the last gateway heartbeat to its ACK (-1 before the first ACK).");
        meter.CreateObservableGauge("isr_gateway_sequence", () => client.Status.Sequence ?? 0, null,
            "The last dispatch sequence number of the gateway session.");

        Starting(logger, list.Count, string.Join(", ", list.Select(h => h.GetType().Name)));
        await client.RunAsync(list, stoppingToken).ConfigureAwait(false);
    }

    [LoggerMessage(4450, LogLevel.Information, "Discord gateway not started: no bot token is configured (DISCORD_BOT_TOKEN or discord.token), so the {Handlers} feature(s) that listen to Discord (slash commands, chat bridge) are off")]
    private static partial void NoToken(ILogger logger, int handlers);

    [LoggerMessage(4451, LogLevel.Debug, "Discord gateway not started: no feature listens to it")]
    private static partial void NoHandlers(ILogger logger);

    [LoggerMessage(4452, LogLevel.Information, "Discord gateway starting for {Count} handler(s): {Handlers}")]
    private static partial void Starting(ILogger logger, int count, string handlers);
}
