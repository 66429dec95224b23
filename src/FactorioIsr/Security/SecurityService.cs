using FactorioIsr.Hosting;
using Microsoft.Extensions.Hosting;

namespace FactorioIsr.Security;

/// <summary>
/// Runs the security monitor. It becomes the ingest writer's observer when this service is built: the host builds
/// every hosted service before it starts any (they start concurrently), so the monitor sees the relay's first batch.
/// What it observes waits in its queue until it has loaded the actions in force; on stop (after the relay committed
/// what it read) it finishes what it observed, within a few seconds.
/// </summary>
internal sealed class SecurityService : IHostedService, IDisposable
{
    private readonly SecurityMonitor _monitor;
    private readonly RelayPipeline _pipeline;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;

    public SecurityService(SecurityMonitor monitor, RelayPipeline pipeline, TimeProvider time)
    {
        _monitor = monitor;
        _pipeline = pipeline;
        _time = time;
        pipeline.Writer.Observer = monitor;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _monitor.InitializeAsync(cancellationToken).ConfigureAwait(false);
        _run = Task.Run(() => _monitor.RunAsync(_stop.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _pipeline.Writer.Observer = null;
        _monitor.Complete();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(5), _time, cancellationToken).ConfigureAwait(false);
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
