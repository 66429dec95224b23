using FactorioIsr.Events;

namespace FactorioIsr.Ingest;

/// <summary>
/// Sees events once they are durable: <see cref="IngestWriter"/> hands it the events of each batch it wants, after the
/// transaction that committed them (with their lines' positions). A line is committed once, so it is observed once,
/// also across a crash and the replay after it; a crash after the commit and before the observer acted loses that
/// observation (never doubles it). The security monitor is one.
/// </summary>
internal interface ICommittedEventObserver
{
    /// <summary>Called on the writer's thread for every event it routes: must be cheap (a type test).</summary>
    bool Observes(FactorioEvent @event);

    /// <summary>Called on the writer's thread after the commit, in order; must not block (queue and return).</summary>
    void Committed(IReadOnlyList<FactorioEvent> events);
}
