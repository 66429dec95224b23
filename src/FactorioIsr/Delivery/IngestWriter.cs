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
/// The single writer: takes tailed lines, parses and routes them, and commits the outbox rows together with the tail
/// positions in one transaction. Group commit: under load one transaction carries everything that queued up while
/// the previous one was on disk. When the store fails (disk full, read-only) it keeps the batch, reports, and retries;
/// the tailers pause behind the full channel, so nothing is lost and nothing is committed twice.
/// </summary>
internal sealed class IngestWriter(
    ChannelReader<TailedLine> input,
    LineParser parse,
    EventRouter route,
    IStateStore store,
    OutboxGate gate,
    TimeProvider time,
    ILogger logger,
    int maxBatch = 8192)
{
    private volatile string? _error;

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
        var lines = new List<TailedLine>(maxBatch);
        var appends = new List<OutboxAppend>(maxBatch);
        var positions = new Dictionary<(string, string, FileIdentity), TailPositionUpdate>();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        while (await input.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            await gate.WaitForRoomAsync(time, cancellationToken).ConfigureAwait(false);
            while (lines.Count < maxBatch && input.TryRead(out var line))
            {
                lines.Add(line);
            }

            foreach (var line in lines)
            {
                foreach (var @event in Parse(line))
                {
                    foreach (var destination in route(@event))
                    {
                        appends.Add(new OutboxAppend(destination, @event));
                        touched.Add(destination);
                    }
                }

                var file = line.File;
                positions[(file.Server, file.Source, file.Identity)] = new TailPositionUpdate(file.Server, file.Source, line.ToPosition());
            }

            var added = await CommitAsync(appends, [.. positions.Values], cancellationToken).ConfigureAwait(false);
            gate.Added(added);
            foreach (var destination in touched)
            {
                gate.SignalFor(destination).Set();
            }

            lines.Clear();
            appends.Clear();
            positions.Clear();
            touched.Clear();
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

    private async Task<OutboxTotals> CommitAsync(List<OutboxAppend> appends, List<TailPositionUpdate> positions, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (true)
        {
            try
            {
                var added = store.CommitIngest(appends, positions);
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
}
