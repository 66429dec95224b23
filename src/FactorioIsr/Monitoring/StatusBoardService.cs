using System.Globalization;
using FactorioIsr.Servers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Monitoring;

/// <summary>Runs the <see cref="StatusBoard"/> over the running servers every <see cref="StatusBoardOptions.Tick"/>.</summary>
internal sealed partial class StatusBoardService(
    ServerManager servers,
    StatusBoard board,
    StatusBoardOptions options,
    Func<string?> relayLine,
    bool hasToken,
    TimeProvider time,
    ILogger<StatusBoardService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var warned = false;
        using var timer = new PeriodicTimer(options.Tick, time);
        try
        {
            do
            {
                var running = servers.Servers;
                var monitors = running.Values.Select(s => s.Monitor).OfType<ServerMonitor>().ToList();
                if (!hasToken)
                {
                    if (!warned && monitors.Any(m => m.Monitoring.EditsStatusMessage))
                    {
                        warned = true;
                        NoToken(logger, string.Join(", ", monitors.Where(m => m.Monitoring.EditsStatusMessage).Select(m => m.Tag)));
                    }

                    continue;
                }

                try
                {
                    var relay = relayLine();
                    await board.UpdateAsync(monitors, _ => relay, stoppingToken).ConfigureAwait(false);
                    board.Retain(running.Keys.ToHashSet(StringComparer.Ordinal));
                }
                catch (Exception e) when (e is not OperationCanceledException and not ObjectDisposedException)
                {
                    Failed(logger, e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException)
        {
            // The store closed first (shutdown).
        }
    }

    /// <summary>The relay's line of a status card: the outbox and the ingest queue.</summary>
    public static string RelayLine(long outboxRows, int queued, TimeSpan? sinceCommit) =>
        string.Create(CultureInfo.InvariantCulture, $"outbox {outboxRows} event{(outboxRows == 1 ? "" : "s")} · ingest queue {queued}")
        + (sinceCommit is { } c ? " · last commit " + MonitorEvents.Duration(c) + " ago" : "");

    [LoggerMessage(6105, LogLevel.Warning, "stats_mode: edit needs a bot token (DISCORD_BOT_TOKEN); no status message is kept for {Servers}")]
    private static partial void NoToken(ILogger logger, string servers);

    [LoggerMessage(6106, LogLevel.Warning, "status board: a pass failed and runs again at the next tick: {Error}")]
    private static partial void Failed(ILogger logger, string error);
}
