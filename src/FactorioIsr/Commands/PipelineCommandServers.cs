using FactorioIsr.Configuration;
using FactorioIsr.Events;
using FactorioIsr.Hosting;
using FactorioIsr.Monitoring;
using FactorioIsr.Patterns;

namespace FactorioIsr.Commands;

/// <summary>The relay's servers as <c>isr run</c> has them: the current configuration (reloads included) and the pipeline's runtimes.</summary>
internal sealed class PipelineCommandServers(ConfigStatus config, RelayPipeline pipeline) : ICommandServers
{
    public IReadOnlyList<ServerConfig> All => [.. config.Current.Configuration.Servers.Where(s => s.Enabled)];

    public PatternSet Patterns => config.Current.Patterns;

    public ServerMonitor? Monitor(string tag) => pipeline.Servers.Servers.TryGetValue(tag, out var runtime) ? runtime.Monitor : null;

    public async ValueTask<bool> PublishAsync(string tag, FactorioEvent @event, CancellationToken cancellationToken)
    {
        if (!pipeline.Servers.Servers.TryGetValue(tag, out var runtime))
        {
            return false;
        }

        await pipeline.Ingest.PublishAsync(runtime.Ingest, @event, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
