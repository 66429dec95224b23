using FactorioIsr.Events;
using FactorioIsr.Hosting;
using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Security;

/// <summary>What the security monitor needs of the running servers: each one's RCON session and its way into the ingest path.</summary>
internal interface ISecurityServers
{
    /// <summary>The server's RCON (its one session, shared with the monitors and commands); null when it runs without RCON or not at all.</summary>
    FactorioRcon? Rcon(string server);

    /// <summary>Publishes an event of the server through the ingest writer; false when the server does not run (or the relay stops).</summary>
    ValueTask<bool> PublishAsync(string server, FactorioEvent @event, CancellationToken cancellationToken);
}

/// <summary>The servers of the relay's <see cref="RelayPipeline"/>.</summary>
internal sealed class PipelineSecurityServers(RelayPipeline pipeline) : ISecurityServers
{
    public FactorioRcon? Rcon(string server) =>
        pipeline.Servers.Servers.TryGetValue(server, out var runtime) ? runtime.Monitor?.Rcon : null;

    public async ValueTask<bool> PublishAsync(string server, FactorioEvent @event, CancellationToken cancellationToken)
    {
        if (!pipeline.Servers.Servers.TryGetValue(server, out var runtime))
        {
            return false;
        }

        try
        {
            await pipeline.Ingest.PublishAsync(runtime.Ingest, @event, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            return false; // stopping: the infraction is in the state store all the same
        }
    }
}
