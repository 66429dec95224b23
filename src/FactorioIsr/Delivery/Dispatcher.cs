using FactorioIsr.State;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Delivery;

/// <summary>What a dispatcher is doing, for /ready and tests.</summary>
internal enum DispatcherState
{
    Idle,
    Delivering,
    Retrying,
    Disabled,
    Stopped,
}

/// <summary>
/// Delivers one destination's outbox in order, at least once. For outputs that need stable batches (a Discord nonce)
/// a batch's bounds are saved before its first attempt, so a retry (also after a crash) sends exactly the same batch
/// with the same idempotency key; that save rides in the acknowledgement transaction of the previous batch when there
/// is one (one fsync per batch instead of two). Other outputs (JSONL, console) skip it. Transient failures
/// retry forever with capped, jittered exponential backoff (honouring Retry-After); permanent failures dead-letter the
/// batch and move on; a disabled output stops this dispatcher and leaves its rows in place.
/// </summary>
internal sealed class Dispatcher(
    IDeliveryOutput output,
    IStateStore store,
    OutboxGate gate,
    DispatcherOptions options,
    TimeProvider time,
    ILogger logger) : IDisposable
{
    private readonly CancellationTokenSource _drain = new();
    private long _after;
    private OutboxEntry[] _ahead = [];
    private int _aheadAt;
    private bool _checkedInFlight;
    private DeliveryBatch? _inflight;

    public string Destination => output.Destination;

    public DispatcherState State { get; private set; } = DispatcherState.Idle;

    public string? LastError { get; private set; }

    /// <summary>Graceful stop: deliver what is pending now, then return (a failing destination returns at once).</summary>
    public void RequestDrain() => _drain.Cancel();

    public void Dispose() => _drain.Dispose();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var signal = gate.SignalFor(Destination);
        var attempt = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                DeliveryBatch? batch;
                try
                {
                    batch = await NextBatchAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (StateStoreException e)
                {
                    await StoreFailedAsync(e, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (batch is null)
                {
                    if (_drain.IsCancellationRequested)
                    {
                        return;
                    }

                    State = DispatcherState.Idle;
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _drain.Token);
                    try
                    {
                        await signal.WaitAsync(TimeSpan.FromSeconds(1), time, linked.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                    }

                    continue;
                }

                State = DispatcherState.Delivering;
                var outcome = await DeliverAsync(batch, cancellationToken).ConfigureAwait(false);
                if (!await ApplyAsync(batch, outcome, attempt, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                attempt = outcome.Status == DeliveryStatus.Transient ? attempt + 1 : 0;
                if (outcome.Status == DeliveryStatus.Transient)
                {
                    if (_drain.IsCancellationRequested)
                    {
                        return;
                    }

                    State = DispatcherState.Retrying;
                    var delay = options.Backoff.Delay(attempt - 1, options.Random, outcome.RetryAfter);
                    DeliveryLog.Transient(logger, Destination, outcome.Reason ?? "unknown", delay, attempt);
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _drain.Token);
                    try
                    {
                        await Task.Delay(delay, time, linked.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (State != DispatcherState.Disabled)
            {
                State = DispatcherState.Stopped;
            }
        }
    }

    private async ValueTask<DeliveryBatch?> NextBatchAsync(CancellationToken cancellationToken)
    {
        if (_inflight is not null)
        {
            return _inflight; // a retry: exactly the same batch
        }

        // Only the first look can find a batch left in flight by an earlier run; after that this dispatcher knows.
        if (!_checkedInFlight && await store.LoadBatchAsync(Destination, cancellationToken).ConfigureAwait(false) is var (first, last))
        {
            var entries = await store.ReadRangeAsync(Destination, first, last, cancellationToken).ConfigureAwait(false);
            if (entries.Count > 0)
            {
                _checkedInFlight = true;
                return _inflight = new DeliveryBatch(Destination, entries);
            }

            await store.AcknowledgeAsync(Destination, first, last, cancellationToken).ConfigureAwait(false);
        }

        _checkedInFlight = true;

        var pending = await PendingAsync(_after, cancellationToken).ConfigureAwait(false);
        if (pending.Count == 0)
        {
            return null;
        }

        var batch = Pack(pending);
        if (output.NeedsStableBatches)
        {
            await store.SaveBatchAsync(Destination, batch.FirstSequence, batch.LastSequence, cancellationToken).ConfigureAwait(false);
        }

        return _inflight = batch;
    }

    /// <summary>
    /// The entries after <paramref name="after"/>: what is left of the last read (a read serves several small
    /// batches, e.g. Discord messages), or a new read once that is used up.
    /// </summary>
    private async ValueTask<ArraySegment<OutboxEntry>> PendingAsync(long after, CancellationToken cancellationToken)
    {
        while (_aheadAt < _ahead.Length && _ahead[_aheadAt].Sequence <= after)
        {
            _aheadAt++;
        }

        if (_aheadAt >= _ahead.Length)
        {
            _ahead = [.. await store.ReadPendingAsync(Destination, after, options.MaxPendingRows, options.MaxPendingBytes, cancellationToken).ConfigureAwait(false)];
            _aheadAt = 0;
        }

        return new ArraySegment<OutboxEntry>(_ahead, _aheadAt, _ahead.Length - _aheadAt);
    }

    private DeliveryBatch Pack(ArraySegment<OutboxEntry> pending)
    {
        var count = Math.Clamp(output.Pack(pending), 1, pending.Count);
        return new DeliveryBatch(Destination, pending[..count]);
    }

    /// <summary>Delivered: acknowledge, and for stable batches save the next batch's bounds in the same transaction.</summary>
    private async ValueTask<DeliveryBatch?> AcknowledgeAsync(DeliveryBatch batch, CancellationToken cancellationToken)
    {
        DeliveryBatch? next = null;
        if (output.NeedsStableBatches)
        {
            var pending = await PendingAsync(batch.LastSequence, cancellationToken).ConfigureAwait(false);
            next = pending.Count > 0 ? Pack(pending) : null;
        }

        gate.Removed(next is null
            ? await store.AcknowledgeAsync(Destination, batch.FirstSequence, batch.LastSequence, cancellationToken).ConfigureAwait(false)
            : await store.AcknowledgeAndSaveAsync(Destination, batch.FirstSequence, batch.LastSequence, next.FirstSequence, next.LastSequence, cancellationToken).ConfigureAwait(false));
        return next;
    }

    private async Task<DeliveryOutcome> DeliverAsync(DeliveryBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            return await output.DeliverAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // an output bug is a failed attempt, retried like any other
        catch (Exception e)
#pragma warning restore CA1031
        {
            return DeliveryOutcome.Transient($"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <returns>False when the dispatcher must stop.</returns>
    private async Task<bool> ApplyAsync(DeliveryBatch batch, DeliveryOutcome outcome, int attempt, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                switch (outcome.Status)
                {
                    case DeliveryStatus.Delivered:
                        var next = await AcknowledgeAsync(batch, cancellationToken).ConfigureAwait(false);
                        _after = batch.LastSequence;
                        _inflight = next;
                        gate.Metrics?.Delivered.Add(batch.Entries.Count, new KeyValuePair<string, object?>("destination", Destination));
                        gate.Metrics?.Batches.Add(1, new KeyValuePair<string, object?>("destination", Destination));
                        if (attempt > 0)
                        {
                            LastError = null;
                            DeliveryLog.Recovered(logger, Destination, attempt);
                        }

                        return true;
                    case DeliveryStatus.Transient:
                        LastError = outcome.Reason;
                        gate.Metrics?.Retries.Add(1, new KeyValuePair<string, object?>("destination", Destination));
                        await store.RecordAttemptAsync(Destination, batch.FirstSequence, batch.LastSequence, cancellationToken).ConfigureAwait(false);
                        return true;
                    case DeliveryStatus.Permanent:
                        var reason = outcome.Reason ?? "permanent failure";
                        gate.Removed(await store.DeadLetterAsync(Destination, batch.FirstSequence, batch.LastSequence, reason, cancellationToken).ConfigureAwait(false));
                        _after = batch.LastSequence;
                        _inflight = null;
                        gate.Metrics?.DeadLetters.Add(batch.Entries.Count, new KeyValuePair<string, object?>("destination", Destination));
                        DeliveryLog.DeadLettered(logger, Destination, batch.Entries.Count, reason);
                        return true;
                    default:
                        LastError = outcome.Reason;
                        State = DispatcherState.Disabled;
                        DeliveryLog.Disabled(logger, Destination, outcome.Reason ?? "disabled");
                        return false;
                }
            }
            catch (StateStoreException e)
            {
                await StoreFailedAsync(e, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task StoreFailedAsync(StateStoreException e, CancellationToken cancellationToken)
    {
        LastError = e.Message;
        DeliveryLog.StoreFailed(logger, Destination, e.Message);
        await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
    }
}
