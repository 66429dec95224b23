using FactorioIsr.Hosting;
using Microsoft.Extensions.Hosting;

namespace FactorioIsr.Security;

/// <summary>
/// Starts the security monitor before the relay (registered before <see cref="RelayService"/>): loads the actions in
/// force, makes the monitor the ingest writer's observer, and runs it; on stop (after the relay committed what it
/// read) lets it finish what it observed, within a few seconds.
/// </summary>
internal sealed class SecurityService(SecurityMonitor monitor, RelayPipeline pipeline, TimeProvider time) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await monitor.InitializeAsync(cancellationToken).ConfigureAwait(false);
        pipeline.Writer.Observer = monitor;
        _run = Task.Run(() => monitor.RunAsync(_stop.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        pipeline.Writer.Observer = null;
        monitor.Complete();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(5), time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
        catch (OperationCanceledException)
        {
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
    }

    public void Dispose() => _stop.Dispose();
}
