using System.Threading.Channels;
using FactorioIsr.Events;
using FactorioIsr.State;
using FactorioIsr.Tailing;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Delivery;

/// <summary>Turns one line into events (the pattern engine), and an event into destination keys (the router).</summary>
internal delegate IReadOnlyList<FactorioEvent> LineParser(TailedLine line);

/// <summary>The destinations of one event.</summary>
internal delegate IReadOnlyList<string> EventRouter(FactorioEvent @event);

/// <summary>
/// The single writer: takes chunks of tailed lines, parses, routes and encodes them, and commits the outbox segments
/// together with the tail positions in one transaction. Group commit: under load one transaction carries everything
/// that queued up (up to <c>maxBatch</c> lines or <c>maxEvents</c> outbox rows: a smaller live set keeps the garbage
/// collector's work young), and the next batch is parsed while the previous one is being
/// committed (two stages, so parsing and the fsync overlap). When the store fails (disk full, read-only) it keeps the
/// batch, reports, and retries; the tailers pause behind the full channel, so nothing is lost and nothing is
/// committed twice.
/// </summary>
internal sealed class IngestWriter(
    ChannelReader<TailedLine[]> input,
    LineParser parse,
    EventRouter route,
    IStateStore store,
    OutboxGate gate,
    TimeProvider time,
    ILogger logger,
    int maxBatch = 8192,
    int maxEvents = 2048)
{
    private volatile string? _error;
    private TailedLine[]? _carry;
    private int _carryAt;

    /// <summary>Null while commits succeed; the last failure while the store refuses them.</summary>
    public string? Error => _error;

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
                if (_carry is null && !input.TryRead(out _carry))
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

    /// <summary>Takes up to maxBatch lines (splitting a chunk if needed), parses, routes and encodes them.</summary>
    private void Prepare(Prepared batch)
    {
        batch.Clear();
        while (batch.Lines < maxBatch && (_carry is not null || input.TryRead(out _carry)))
        {
            var chunk = _carry!;
            var take = Math.Min(chunk.Length - _carryAt, maxBatch - batch.Lines);
            for (var i = _carryAt; i < _carryAt + take; i++)
            {
                var line = chunk[i];
                if (batch.Outbox.Events >= maxEvents)
                {
                    take = i - _carryAt; // enough events for one transaction: the rest waits for the next
                    break;
                }

                foreach (var @event in Parse(line))
                {
                    foreach (var destination in route(@event))
                    {
                        batch.Outbox.Add(destination, @event);
                        batch.Touched.Add(destination);
                    }
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

    private void Finish(Prepared batch, OutboxTotals added)
    {
        gate.Added(added);
        foreach (var destination in batch.Touched)
        {
            gate.SignalFor(destination).Set();
        }
    }

    private IReadOnlyList<FactorioEvent> Parse(TailedLine line)
    {
        try
        {
            return parse(line);
        }
#pragma warning disable CA1031 // a pattern bug must not stop reading: the line is counted and logged
        catch (Exception e)
#pragma warning restore CA1031
        {
            DeliveryMetrics.IngestErrors.Add(1);
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
                var added = store.CommitIngest(batch.Outbox, positions);
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
                    DeliveryLog.CommitFailed(logger, e.Message);
                }

                _error = e.Message;
                DeliveryMetrics.IngestErrors.Add(1);
                var delay = TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(2, Math.Min(failures, 6))));
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

        public int Lines { get; set; }

        public void Clear()
        {
            Outbox.Clear();
            Positions.Clear();
            Touched.Clear();
            Lines = 0;
        }
    }
}
