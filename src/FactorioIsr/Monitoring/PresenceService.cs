using FactorioIsr.Servers;
using Microsoft.Extensions.Hosting;

namespace FactorioIsr.Monitoring;

/// <summary>Feeds the <see cref="PresenceUpdater"/> the running servers' RCON state every <paramref name="tick"/>.</summary>
internal sealed class PresenceService(ServerManager servers, PresenceUpdater presence, TimeSpan tick, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(tick, time);
        try
        {
            do
            {
                var running = servers.Servers.Values;
                var monitors = running.Select(s => s.Monitor).OfType<ServerMonitor>().ToList();
                await presence.UpdateAsync(monitors.Count(m => m.Client.IsConnected), monitors.Count, running.Count(), stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
