using FactorioIsr.Configuration;
using FactorioIsr.Events;
using FactorioIsr.Monitoring;
using FactorioIsr.Patterns;

namespace FactorioIsr.Commands;

/// <summary>What the commands see of the relay: the configured servers, their RCON sessions, the patterns, and the ingest queue.</summary>
internal interface ICommandServers
{
    /// <summary>The enabled servers, in servers.yml order.</summary>
    IReadOnlyList<ServerConfig> All { get; }

    /// <summary>The running server's monitor (its one RCON session); null when it has no RCON or is not running.</summary>
    ServerMonitor? Monitor(string tag);

    /// <summary>The pattern set in use (for <c>pattern test</c>).</summary>
    PatternSet Patterns { get; }

    /// <summary>Publishes an event of <paramref name="tag"/> (the audit) through the ingest queue and the outbox.</summary>
    ValueTask<bool> PublishAsync(string tag, FactorioEvent @event, CancellationToken cancellationToken);
}
