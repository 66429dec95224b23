using FactorioIsr.Events;

namespace FactorioIsr.Ingest;

/// <summary>
/// Recognises an event that is the game's echo of something ISR itself sent to it (the chat bridge's relayed lines,
/// <c>[CHAT] &lt;server&gt;: [Discord] Name: text</c>). Such an event goes to the global outputs (console, JSONL) only,
/// never back to Discord. Consulted by <see cref="ServerIngest.Route"/> for every event, on the writer's thread: it
/// must be quick and must not block.
/// </summary>
internal interface IEchoFilter
{
    /// <summary>Loads what it needs (what was sent before a restart); awaited before a server's tailers start.</summary>
    ValueTask LoadAsync(CancellationToken cancellationToken);

    /// <summary>True when <paramref name="event"/> is an echo; each thing sent is recognised once.</summary>
    bool IsEcho(FactorioEvent @event);
}
