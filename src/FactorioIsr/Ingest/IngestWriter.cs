using System.Threading.Channels;
using FactorioIsr.Delivery;
using FactorioIsr.Events;
using FactorioIsr.State;
using FactorioIsr.Tailing;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Ingest;

/// <summary>
/// The single writer of the outbox: takes chunks of tailed lines and ready events (<see cref="IngestItem"/>), parses
/// lines and routes both with their server's <see cref="ServerIngest"/>, encodes them, and commits the outbox segments
/// together with the tail positions in one transaction. Group commit: under load one transaction carries everything
/// that queued up (up to <c>maxBatch</c> lines or <c>maxEvents</c> outbox rows: a smaller live set keeps the garbage
/// collector's work young), and the next batch is parsed while the previous one is being
/// committed (two stages, so parsing and the fsync overlap). When the store fails (disk full, read-only) it keeps the
/// batch, reports, and retries; the tailers pause behind the full channel, so nothing is lost and nothing is
/// committed twice.
/// </summary>
internal sealed class IngestWriter(
    ChannelReader<IngestItem> input,
    IStateStore store,
    OutboxGate gate,
    TimeProvider time,
    ILogger logger,
    int maxBatch = 8192,
    int maxEvents = 2048,
    IngestMetrics? metrics = null)
{
    private volatile string? _error;
    private volatile ICommittedEventObserver? _observer;
    private IngestItem? _carry;
    private int _carryAt;
    private long _committedAt;
    private readonly TaskCompletionSource _firstWork = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Null while commits succeed; the last failure while the store refuses them.</summary>
    public string? Error => _error;

    /// <summary>Completes when the first lines or events arrive (the relay's JIT warm-up waits for it).</summary>
    public Task FirstWork => _firstWork.Task;

    /// <summary>When the last commit succeeded (<see cref="TimeProvider.GetTimestamp"/>), 0 before the first.</summary>
    public long LastCommitTimestamp => Interlocked.Read(ref _committedAt);

    /// <summary>Sees the events it wants after their commit (set before the pipeline starts; see <see cref="ICommittedEventObserver"/>).</summary>
    public ICommittedEventObserver? Observer
    {
        get => _observer;
        set => _observer = value;
    }

    /// <summary>Runs until the channel is completed and drained (graceful stop) or the token is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunLoopAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Hard stop: what was not committed is read again at the next start.
        }
    }

    private async Task RunLoopAsync(CancellationToken cancellationToken)
    {
        var next = new Prepared();
        var spare = new Prepared();
        Prepared? inflight = null;
        Task<OutboxTotals>? committing = null;
        try
        {
            while (true)
            {
                if (_carry is null && !TryRead(out _carry))
                {
                    // Nothing more right now: finish the commit in flight first, so its events go out without waiting.
                    if (committing is not null)
                    {
                        Finish(inflight!, await committing.ConfigureAwait(false));
                        (committing, inflight) = (null, null);
                    }

                    if (!await input.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }

                    continue;
                }

                if (committing is not null && gate.WouldBeFull(inflight!.Outbox.Events, inflight.Outbox.Bytes))
                {
                    Finish(inflight, await committing.ConfigureAwait(false));
                    (committing, inflight) = (null, null);
                }

                await gate.WaitForRoomAsync(time, cancellationToken).ConfigureAwait(false);
                Prepare(next);
                if (committing is not null)
                {
                    Finish(inflight!, await committing.ConfigureAwait(false));
                }

                var batch = next;
                committing = Task.Run(() => CommitAsync(batch, cancellationToken), CancellationToken.None);
                inflight = batch;
                (next, spare) = (spare, next); // the other buffer: its commit has been awaited above
            }
        }
        finally
        {
            if (committing is not null)
            {
                // Never leave a commit running behind our back (the store is disposed after us).
                try
                {
                    Finish(inflight!, await committing.ConfigureAwait(false));
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
    }

    /// <summary>Takes up to maxBatch lines (splitting a chunk if needed) and ready events, parses, routes and encodes them.</summary>
    private void Prepare(Prepared batch)
    {
        batch.Clear();
        while (batch.Lines < maxBatch && (_carry is not null || TryRead(out _carry)))
        {
            var item = _carry!.Value;
            if (item.Barrier is { } barrier)
            {
                // Everything before the barrier is in this batch or committed: it completes when this batch is.
                batch.Barriers.Add(barrier);
                _carry = null;
                return;
            }

            if (item.Event is { } ready)
            {
                metrics?.Event(item.Server!.Server, ready.Type);
                Add(batch, item.Server!, ready);
                _carry = null;
                if (batch.Outbox.Events >= maxEvents)
                {
                    return;
                }

                continue;
            }

            var chunk = item.Lines!;
            var server = item.Server!;
            var take = Math.Min(chunk.Length - _carryAt, maxBatch - batch.Lines);
            for (var i = _carryAt; i < _carryAt + take; i++)
            {
                var line = chunk[i];
                if (batch.Outbox.Events >= maxEvents)
                {
                    take = i - _carryAt; // enough events for one transaction: the rest waits for the next
                    break;
                }

                var events = Parse(server, line);
                if (events.Count == 0)
                {
                    metrics?.Unmatched(server.Server, line);
                }

                foreach (var @event in events)
                {
                    metrics?.Event(server.Server, @event.Type);
                    Add(batch, server, @event);
                }

                // Lines of one file arrive in order: its last line taken carries the position to save. A chunk can
                // hold lines of several files (a rotated file's rest, then the new one's start).
                if (i + 1 == _carryAt + take || !ReferenceEquals(chunk[i + 1].File, line.File) || batch.Outbox.Events >= maxEvents)
                {
                    var file = line.File;
                    batch.Positions[(file.Server, file.Source, file.Identity)] = new TailPositionUpdate(file.Server, file.Source, line.ToPosition());
                }
            }

            batch.Lines += take;
            _carryAt += take;
            if (_carryAt >= chunk.Length)
            {
                _carry = null;
                _carryAt = 0;
            }

            if (batch.Outbox.Events >= maxEvents)
            {
                return;
            }
        }
    }

    private bool TryRead(out IngestItem? item)
    {
        if (input.TryRead(out var read))
        {
            if (read.Barrier is null)
            {
                _firstWork.TrySetResult();
            }

            item = read;
            return true;
        }

        item = null;
        return false;
    }

    private void Add(Prepared batch, ServerIngest server, FactorioEvent @event)
    {
        if (_observer is { } observer && observer.Observes(@event))
        {
            batch.Observed.Add(@event);
        }

        foreach (var destination in server.Route(@event))
        {
            batch.Outbox.Add(destination, @event);
            batch.Touched.Add(destination);
        }
    }

    private void Finish(Prepared batch, OutboxTotals added)
    {
        gate.Added(added);
        foreach (var destination in batch.Touched)
        {
            gate.SignalFor(destination).Set();
        }

        if (batch.Observed.Count > 0)
        {
            _observer?.Committed([.. batch.Observed]);
        }

        foreach (var barrier in batch.Barriers)
        {
            barrier.TrySetResult();
        }
    }

    private IReadOnlyList<FactorioEvent> Parse(ServerIngest server, TailedLine line)
    {
        try
        {
            return server.Parse(line);
        }
#pragma warning disable CA1031 // a pattern bug must not stop reading: the line is counted and logged
        catch (Exception e)
#pragma warning restore CA1031
        {
            gate.Metrics?.IngestErrors.Add(1);
            DeliveryLog.ParseFailed(logger, line.File.Path, line.Start, e.Message);
            return [];
        }
    }

    private async Task<OutboxTotals> CommitAsync(Prepared batch, CancellationToken cancellationToken)
    {
        var failures = 0;
        var positions = batch.Positions.Values.ToList();
        while (true)
        {
            try
            {
                var added = batch.IsEmpty ? default : await store.CommitIngestAsync(batch.Outbox, positions, cancellationToken).ConfigureAwait(false);
                Interlocked.Exchange(ref _committedAt, time.GetTimestamp());
                if (failures > 0)
                {
                    _error = null;
                    DeliveryLog.CommitRecovered(logger, failures);
                }

                return added;
            }
            catch (StateStoreException e)
            {
                if (failures++ == 0)
                {
                    if (e.IsTransient)
                    {
                        DeliveryLog.CommitFailed(logger, e.Message);
                    }
                    else
                    {
                        DeliveryLog.StoreUnusable(logger, e.Message);
                    }
                }

                _error = e.Message;
                gate.Metrics?.IngestErrors.Add(1);
                var delay = RetryBackoff.StoreCommit.Delay(failures - 1, Random.Shared);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One transaction's worth: encoded segments, positions, destinations to wake. Reused.</summary>
    private sealed class Prepared
    {
        public OutboxBatch Outbox { get; } = new();

        public Dictionary<(string, string, FileIdentity), TailPositionUpdate> Positions { get; } = [];

        public HashSet<string> Touched { get; } = new(StringComparer.Ordinal);

        public List<TaskCompletionSource> Barriers { get; } = [];

        /// <summary>The events the observer wants, handed to it after the commit.</summary>
        public List<FactorioEvent> Observed { get; } = [];

        public int Lines { get; set; }

        public bool IsEmpty => Outbox.Events == 0 && Positions.Count == 0;

        public void Clear()
        {
            Outbox.Clear();
            Positions.Clear();
            Touched.Clear();
            Barriers.Clear();
            Observed.Clear();
            Lines = 0;
        }
    }
}
