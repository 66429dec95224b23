using FactorioIsr.Delivery;
using FactorioIsr.Events;
using FactorioIsr.Tailing;

namespace FactorioIsr.State;

/// <summary>
/// Durable state: tail positions, the outbox (per destination, in sequence order), the batch in flight per
/// destination, and dead letters. Every method is one transaction; safe to call from several threads. Every store
/// (SQLite now, PostgreSQL for several instances) passes the same contract suite (<c>StateStoreContract</c> in the tests).
/// Failures throw <see cref="StateStoreException"/>; the caller keeps its data and retries while
/// <see cref="StateStoreException.IsTransient"/> says a retry can succeed (disk full, read-only, busy, I/O).
/// </summary>
internal partial interface IStateStore : IDisposable
{
    /// <summary>Where the state lives (for messages; never a secret).</summary>
    string Location { get; }

    /// <summary>
    /// Null while the store can take commits as far as it knows without trying one; otherwise why not (its database
    /// was deleted or replaced under it). Read by the health snapshot, so /ready says so while the relay is idle.
    /// </summary>
    string? Unusable { get; }

    ValueTask<IReadOnlyList<TailPosition>> LoadTailPositionsAsync(string server, string source, CancellationToken cancellationToken);

    ValueTask ForgetTailPositionsAsync(string server, string source, IReadOnlyList<FileIdentity> identities, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically: appends the encoded events to the outbox (assigning each destination's next sequence numbers) and
    /// saves the tail positions of the lines they came from. Either all of it is durable or none of it.
    /// </summary>
    /// <returns>The rows and bytes added to the outbox.</returns>
    ValueTask<OutboxTotals> CommitIngestAsync(OutboxBatch batch, IReadOnlyList<TailPositionUpdate> positions, CancellationToken cancellationToken);

    /// <summary>Rows and bytes waiting in the outbox, all destinations together.</summary>
    ValueTask<OutboxTotals> LoadOutboxTotalsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The next rows of a destination after <paramref name="afterSequence"/> (and after its acknowledged boundary), in
    /// order, within the limits (at least one row).
    /// </summary>
    ValueTask<IReadOnlyList<OutboxEntry>> ReadPendingAsync(string destination, long afterSequence, int maxRows, long maxBytes, CancellationToken cancellationToken);

    /// <summary>The rows of the range still in the outbox (not acknowledged).</summary>
    ValueTask<IReadOnlyList<OutboxEntry>> ReadRangeAsync(string destination, long first, long last, CancellationToken cancellationToken);

    /// <summary>The batch persisted before its first attempt, if one is in flight.</summary>
    ValueTask<(long First, long Last)?> LoadBatchAsync(string destination, CancellationToken cancellationToken);

    ValueTask SaveBatchAsync(string destination, long first, long last, CancellationToken cancellationToken);

    /// <summary>
    /// Delivered: every row up to <paramref name="last"/> is acknowledged (segments fully acknowledged are deleted) and
    /// the batch is cleared. Returns the rows and bytes removed.
    /// </summary>
    ValueTask<OutboxTotals> AcknowledgeAsync(string destination, long first, long last, CancellationToken cancellationToken);

    /// <summary><see cref="AcknowledgeAsync"/> and <see cref="SaveBatchAsync"/> of the next batch in one transaction.</summary>
    ValueTask<OutboxTotals> AcknowledgeAndSaveAsync(string destination, long first, long last, long nextFirst, long nextLast, CancellationToken cancellationToken);

    ValueTask RecordAttemptAsync(string destination, long first, long last, CancellationToken cancellationToken);

    /// <summary>Copies the rows to dead letters with the reason, acknowledges them and clears the batch. Returns what was removed.</summary>
    ValueTask<OutboxTotals> DeadLetterAsync(string destination, long first, long last, string reason, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<DeadLetter>> LoadDeadLettersAsync(int max, CancellationToken cancellationToken);
}

/// <summary>An event to append to one destination's queue.</summary>
internal readonly record struct OutboxAppend(string Destination, FactorioEvent Event);

/// <summary>The position to save for one file of one source.</summary>
internal readonly record struct TailPositionUpdate(string Server, string Source, TailPosition Position);

internal readonly record struct OutboxTotals(long Rows, long Bytes);

internal sealed record DeadLetter(string Destination, long Sequence, FactorioEvent Event, string Reason, int Attempts, DateTimeOffset FailedAt);

/// <summary>
/// The state store cannot write (disk full, read-only, I/O error) or read. Nothing was committed. Store-neutral: each
/// store maps its own errors to <see cref="IsTransient"/>.
/// </summary>
/// <param name="message">What failed, with the store's location (never a secret).</param>
/// <param name="isTransient">True when the same call can succeed later without a restart (disk full, read-only, busy, I/O).</param>
/// <param name="inner">The store's own error.</param>
internal sealed class StateStoreException(string message, bool isTransient, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>True when retrying can succeed (space freed, lock released); false when the store is unusable (corrupt, lost).</summary>
    public bool IsTransient { get; } = isTransient;
}
