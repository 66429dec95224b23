using FactorioIsr.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Hosting;

/// <summary>
/// The relay as a hosted service: starts the pipeline (built by the composition root) and on stop lets it commit and
/// deliver what is in flight. Nothing else.
/// </summary>
internal sealed partial class RelayService(RelayPipeline pipeline, IStateStore store, ILogger<RelayService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await pipeline.StartAsync(cancellationToken).ConfigureAwait(false);
        var servers = pipeline.Servers.Servers.Values;
        Started(logger, servers.Count(), servers.Sum(s => s.Definition.Sources.Count), store.Location, string.Join(", ", pipeline.Dispatchers.Select(d => d.Destination)));
        if (pipeline.Dispatchers.Count == 0)
        {
            NoOutputs(logger);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await pipeline.StopAsync(cancellationToken).ConfigureAwait(false);
        Stopped(logger, pipeline.Outbox.Rows);
    }

    [LoggerMessage(3201, LogLevel.Information, "relaying {Servers} server(s), {Files} log file(s); state in {State}; outputs: {Outputs}")]
    private static partial void Started(ILogger logger, int servers, int files, string state, string outputs);

    [LoggerMessage(3202, LogLevel.Warning, "no output is configured (--console, --jsonl or outputs: in servers.yml): events are only queued in the outbox")]
    private static partial void NoOutputs(ILogger logger);

    [LoggerMessage(3203, LogLevel.Information, "stopped; {Rows} event(s) left in the outbox for the next start")]
    private static partial void Stopped(ILogger logger, long rows);
}
