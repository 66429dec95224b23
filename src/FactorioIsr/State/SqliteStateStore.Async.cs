using FactorioIsr.Tailing;

namespace FactorioIsr.State;

/// <summary>
/// The <see cref="IStateStore"/> contract over SQLite. SQLite's calls are synchronous and short (one local
/// transaction), so each completes before it returns; the token is honoured before the call starts.
/// </summary>
internal sealed partial class SqliteStateStore
{
    ValueTask<IReadOnlyList<TailPosition>> IStateStore.LoadTailPositionsAsync(string server, string source, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(LoadTailPositions(server, source));
    }

    ValueTask IStateStore.ForgetTailPositionsAsync(string server, string source, IReadOnlyList<FileIdentity> identities, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ForgetTailPositions(server, source, identities);
        return ValueTask.CompletedTask;
    }

    ValueTask<OutboxTotals> IStateStore.CommitIngestAsync(OutboxBatch batch, IReadOnlyList<TailPositionUpdate> positions, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(CommitIngest(batch, positions));
    }

    ValueTask<OutboxTotals> IStateStore.LoadOutboxTotalsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(LoadOutboxTotals());
    }

    ValueTask<IReadOnlyList<Delivery.OutboxEntry>> IStateStore.ReadPendingAsync(string destination, long afterSequence, int maxRows, long maxBytes, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(ReadPending(destination, afterSequence, maxRows, maxBytes));
    }

    ValueTask<IReadOnlyList<Delivery.OutboxEntry>> IStateStore.ReadRangeAsync(string destination, long first, long last, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(ReadRange(destination, first, last));
    }

    ValueTask<(long First, long Last)?> IStateStore.LoadBatchAsync(string destination, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(LoadBatch(destination));
    }

    ValueTask IStateStore.SaveBatchAsync(string destination, long first, long last, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        SaveBatch(destination, first, last);
        return ValueTask.CompletedTask;
    }

    ValueTask<OutboxTotals> IStateStore.AcknowledgeAsync(string destination, long first, long last, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(Acknowledge(destination, first, last));
    }

    ValueTask<OutboxTotals> IStateStore.AcknowledgeAndSaveAsync(string destination, long first, long last, long nextFirst, long nextLast, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(AcknowledgeAndSave(destination, first, last, nextFirst, nextLast));
    }

    ValueTask IStateStore.RecordAttemptAsync(string destination, long first, long last, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RecordAttempt(destination, first, last);
        return ValueTask.CompletedTask;
    }

    ValueTask<OutboxTotals> IStateStore.DeadLetterAsync(string destination, long first, long last, string reason, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(DeadLetter(destination, first, last, reason));
    }

    ValueTask<IReadOnlyList<DeadLetter>> IStateStore.LoadDeadLettersAsync(int max, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(LoadDeadLetters(max));
    }
}
