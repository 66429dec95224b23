using FactorioIsr.Events;
using FactorioIsr.Tailing;

namespace FactorioIsr.Ingest;

/// <summary>
/// What enters the single ingest writer: tailed lines (parsed and routed by their server's <see cref="ServerIngest"/>),
/// a ready event from a monitor, the command audit or the security monitor (routed by its server's ingest), or a
/// barrier that completes once everything queued before it is committed.
/// </summary>
internal readonly record struct IngestItem
{
    private IngestItem(ServerIngest? server, TailedLine[]? lines, FactorioEvent? @event, TaskCompletionSource? barrier)
    {
        Server = server;
        Lines = lines;
        Event = @event;
        Barrier = barrier;
    }

    /// <summary>Parses and routes <see cref="Lines"/> and routes <see cref="Event"/>.</summary>
    public ServerIngest? Server { get; }

    public TailedLine[]? Lines { get; }

    public FactorioEvent? Event { get; }

    public TaskCompletionSource? Barrier { get; }

    public static IngestItem ForLines(ServerIngest server, TailedLine[] lines) => new(server, lines, null, null);

    public static IngestItem ForEvent(ServerIngest server, FactorioEvent @event) => new(server, null, @event, null);

    public static IngestItem ForBarrier(TaskCompletionSource barrier) => new(null, null, null, barrier);
}
