using FactorioIsr.Delivery;
using FactorioIsr.Ingest;
using FactorioIsr.Tailing;

namespace FactorioIsr.Servers;

/// <summary>
/// Everything the relay needs to run one server: its log files, how its lines become events, where its events go,
/// and the outputs those destinations need. Built from servers.yml by <see cref="Hosting.ServerDefinitions"/>; tests
/// build their own.
/// </summary>
/// <param name="Tag">The server's tag (unique).</param>
/// <param name="Sources">Its log files (names are stable: they key the saved positions).</param>
/// <param name="Parse">Its parser.</param>
/// <param name="Route">Its routes.</param>
/// <param name="Outputs">The outputs of its destinations (a dispatcher is started for each new one).</param>
/// <param name="Revision">Compared by a reload: the same revision means nothing changed.</param>
/// <param name="Monitoring">Its RCON session and monitors; null for a log-only server.</param>
internal sealed record ServerDefinition(
    string Tag,
    IReadOnlyList<TailSource> Sources,
    LineParser Parse,
    EventRouter Route,
    IReadOnlyList<IDeliveryOutput> Outputs,
    string Revision = "",
    Monitoring.ServerMonitoring? Monitoring = null);
