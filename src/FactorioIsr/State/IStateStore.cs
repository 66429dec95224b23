using FactorioIsr.Delivery;
using FactorioIsr.Events;
using FactorioIsr.Tailing;

namespace FactorioIsr.State;

/// <summary>
/// Durable state: tail positions, the outbox (per destination, in sequence order), the batch in flight per
/// destination, and dead letters. Every method is one transaction; safe to call from several threads.
/// Failures (disk full, read-only, I/O) throw <see cref="StateStoreException"/>; the caller keeps its data and retries.
/// </summary>
internal interface IStateStore : IDisposable
{
    /// <summary>Where the state lives (for messages).</summary>
    string Location { get; }

    IReadOnlyList<TailPosition> LoadTailPositions(string server, string source);

    void ForgetTailPositions(string server, string source, IReadOnlyList<FileIdentity> identities);

    /// <summary>
    /// Atomically: appends the events to the outbox (assigning each destination's next sequence numbers) and saves
    /// the tail positions of the lines they came from. Either all of it is durable or none of it.
    /// </summary>
    /// <returns>The rows and bytes added to the outbox.</returns>
    OutboxTotals CommitIngest(IReadOnlyList<OutboxAppend> appends, IReadOnlyList<TailPositionUpdate> positions);

    /// <summary>The same with the events already encoded (one segment per destination): what the ingest writer uses.</summary>
    OutboxTotals CommitIngest(OutboxBatch batch, IReadOnlyList<TailPositionUpdate> positions);

    /// <summary>Rows and bytes waiting in the outbox, all destinations together.</summary>
    OutboxTotals LoadOutboxTotals();

    /// <summary>
    /// The next rows of a destination after <paramref name="afterSequence"/> (and after its acknowledged boundary), in
    /// order, within the limits (at least one row).
    /// </summary>
    IReadOnlyList<OutboxEntry> ReadPending(string destination, long afterSequence, int maxRows, long maxBytes);

    /// <summary>The rows of the range still in the outbox (not acknowledged).</summary>
    IReadOnlyList<OutboxEntry> ReadRange(string destination, long first, long last);

    /// <summary>The batch persisted before its first attempt, if one is in flight.</summary>
    (long First, long Last)? LoadBatch(string destination);

    void SaveBatch(string destination, long first, long last);

    /// <summary>
    /// Delivered: every row up to <paramref name="last"/> is acknowledged (segments fully acknowledged are deleted) and
    /// the batch is cleared. Returns the rows and bytes removed.
    /// </summary>
    OutboxTotals Acknowledge(string destination, long first, long last);

    /// <summary><see cref="Acknowledge"/> and <see cref="SaveBatch"/> of the next batch in one transaction (one fsync).</summary>
    OutboxTotals AcknowledgeAndSave(string destination, long first, long last, long nextFirst, long nextLast);

    void RecordAttempt(string destination, long first, long last);

    /// <summary>Copies the rows to dead letters with the reason, acknowledges them and clears the batch. Returns what was removed.</summary>
    OutboxTotals DeadLetter(string destination, long first, long last, string reason);

    IReadOnlyList<DeadLetter> LoadDeadLetters(int max);
}

/// <summary>An event to append to one destination's queue.</summary>
internal readonly record struct OutboxAppend(string Destination, FactorioEvent Event);

/// <summary>The position to save for one file of one source.</summary>
internal readonly record struct TailPositionUpdate(string Server, string Source, TailPosition Position);

internal readonly record struct OutboxTotals(long Rows, long Bytes);

internal sealed record DeadLetter(string Destination, long Sequence, FactorioEvent Event, string Reason, int Attempts, DateTimeOffset FailedAt);

/// <summary>The state store cannot write (disk full, read-only, I/O error) or read. Nothing was committed.</summary>
internal sealed class StateStoreException(string message, int sqliteErrorCode, Exception inner) : Exception(message, inner)
{
    public int SqliteErrorCode { get; } = sqliteErrorCode;
}
