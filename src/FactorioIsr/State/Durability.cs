namespace FactorioIsr.State;

/// <summary>When a write transaction of the SQLite store is on disk (see <c>SqliteStateStore.Write</c>).</summary>
internal enum Durability
{
    /// <summary>The WAL is fsynced before the commit returns (<c>synchronous=FULL</c>).</summary>
    Full,

    /// <summary>
    /// Written to the WAL (safe from a crash of the process), fsynced with the next full commit or checkpoint
    /// (<c>synchronous=NORMAL</c>): for writes whose loss in a power cut only repeats a delivery.
    /// </summary>
    Deferred,
}
