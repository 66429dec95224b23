using FactorioIsr.Events;
using FactorioIsr.Tailing;

namespace FactorioIsr.Ingest;

/// <summary>Turns one line into events (the pattern engine).</summary>
internal delegate IReadOnlyList<FactorioEvent> LineParser(TailedLine line);

/// <summary>The destinations of one event.</summary>
internal delegate IReadOnlyList<string> EventRouter(FactorioEvent @event);

/// <summary>
/// How one server's lines and events become outbox rows: its parser and its routes (resolved through its own
/// <c>channels</c>), limited to destinations that have an output, plus the global outputs (console, JSONL). Built per
/// server, so a reload that changes one server's routes builds a new one for it alone; lines already queued keep the
/// ingest they were read with.
/// </summary>
internal sealed class ServerIngest
{
    private readonly LineParser _parse;
    private readonly EventRouter _route;
    private readonly IReadOnlySet<string> _registered;
    private readonly string[] _global;
    private readonly IEchoFilter? _echo;

    /// <param name="server">The server's tag.</param>
    /// <param name="parse">Its parser.</param>
    /// <param name="route">Its routes (Discord destinations).</param>
    /// <param name="registered">Destinations with an output; others are dropped from the route (no row would ever leave).</param>
    /// <param name="global">Destinations every event goes to (console, JSONL).</param>
    /// <param name="echo">Recognises the game's echo of what ISR sent it: such an event goes to <paramref name="global"/> only.</param>
    public ServerIngest(string server, LineParser parse, EventRouter route, IReadOnlySet<string> registered, IReadOnlyList<string> global, IEchoFilter? echo = null)
    {
        _echo = echo;
        Server = server;
        _parse = parse;
        _route = route;
        _registered = registered;
        _global = [.. global];
    }

    public string Server { get; }

    public IReadOnlyList<FactorioEvent> Parse(TailedLine line) => _parse(line);

    /// <summary>The event's destinations: its route's registered ones, then the global outputs, each once.</summary>
    public IReadOnlyList<string> Route(FactorioEvent @event)
    {
        if (_echo is not null && _echo.IsEcho(@event))
        {
            return _global; // never back to Discord
        }

        var routed = _route(@event);
        if (routed.Count == 0)
        {
            return _global; // the common case: no allocation per event
        }

        var result = new List<string>(routed.Count + _global.Length);
        foreach (var destination in routed.Concat(_global))
        {
            if ((_registered.Contains(destination) || _global.Contains(destination, StringComparer.Ordinal)) && !result.Contains(destination, StringComparer.Ordinal))
            {
                result.Add(destination);
            }
        }

        return result;
    }
}
