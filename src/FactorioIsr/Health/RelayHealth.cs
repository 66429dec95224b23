using FactorioIsr.Delivery.DiscordOutputs;
using FactorioIsr.Discord.Gateway;
using FactorioIsr.Hosting;
using FactorioIsr.State;

namespace FactorioIsr.Health;

/// <summary>Takes <see cref="HealthSnapshot"/>s of the running relay; the one reader of each component's state.</summary>
internal sealed class RelayHealth(RelayPipeline pipeline, IStateStore store, DiscordDelivery? discord, TimeProvider time, GatewayClient? gateway = null)
{
    public HealthSnapshot Capture()
    {
        var committed = pipeline.Writer.LastCommitTimestamp;
        var servers = pipeline.Servers.Servers.Values
            .OrderBy(s => s.Tag, StringComparer.Ordinal)
            .Select(s => new ServerHealth(s.Tag, s.TailerStatuses, Rcon(s)))
            .ToList();
        var destinations = pipeline.Dispatchers
            .OrderBy(d => d.Destination, StringComparer.Ordinal)
            .Select(d => new DestinationHealth(d.Destination, d.State, d.LastError))
            .ToList();
        return new HealthSnapshot(
            time.GetUtcNow(),
            pipeline.Started,
            new StateHealth(store.Location, pipeline.StateError ?? store.Unusable),
            new IngestHealth(pipeline.Outbox.Rows, pipeline.Outbox.Bytes, committed == 0 ? null : time.GetElapsedTime(committed), pipeline.Ingest.Reader.Count),
            servers,
            destinations,
            discord?.Health)
        {
            Gateway = Gateway(),
        };
    }

    private GatewayHealth? Gateway()
    {
        // The initial status is replaced as soon as the gateway starts: still holding it means it never ran.
        if (gateway?.Status is not { } status || ReferenceEquals(status, GatewayStatus.Initial))
        {
            return null;
        }

        return new GatewayHealth(status.State.ToString().ToLowerInvariant(), status.FatalError, status.SessionId, status.Sequence, status.Latency, status.LastAckAt, status.Reconnects);
    }

    private static RconHealth? Rcon(Servers.ServerRuntime server)
    {
        if (server.Monitor is not { } monitor)
        {
            return null;
        }

        var (state, since) = monitor.RconView;
        var status = state.Status;
        return new RconHealth(status == FactorioIsr.Rcon.Client.RconConnectionStatus.Connected, SnakeCase(status.ToString()), state.LastLatency, since, state.LastError);
    }

    private static string SnakeCase(string name) => string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
