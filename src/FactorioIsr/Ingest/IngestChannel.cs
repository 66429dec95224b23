using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using FactorioIsr.Events;
using FactorioIsr.Tailing;

namespace FactorioIsr.Ingest;

/// <summary>
/// The one bounded queue in front of the ingest writer. Tailers write chunks of lines through
/// <see cref="LinesFor"/>; monitors, the command audit and the security monitor call <see cref="PublishAsync"/>.
/// When it is full, producers wait (nothing is dropped): a slow store pauses reading, never loses lines.
/// </summary>
internal sealed class IngestChannel
{
    private readonly Channel<IngestItem> _channel;

    /// <param name="capacity">Items (a tailer's item is a chunk of up to 512 lines).</param>
    public IngestChannel(int capacity)
    {
        _channel = Channel.CreateBounded<IngestItem>(new BoundedChannelOptions(Math.Max(4, capacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    public ChannelReader<IngestItem> Reader => _channel.Reader;

    /// <summary>A writer of line chunks for one server's tailers: each chunk enters as lines of <paramref name="server"/>.</summary>
    public ChannelWriter<TailedLine[]> LinesFor(ServerIngest server) => new LineWriter(_channel.Writer, server);

    /// <summary>
    /// Queues a ready event of <paramref name="server"/> (routed by its routes, like a parsed line). It is durable once
    /// the writer commits it, normally within milliseconds; a crash before that loses it, so producers publish
    /// observations (which are made again), never the only copy of something.
    /// </summary>
    public ValueTask PublishAsync(ServerIngest server, FactorioEvent @event, CancellationToken cancellationToken) =>
        _channel.Writer.WriteAsync(IngestItem.ForEvent(server, @event), cancellationToken);

    /// <summary>Completes when everything queued before this call is committed (or the writer stopped).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var barrier = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_channel.Writer.TryWrite(IngestItem.ForBarrier(barrier)))
        {
            try
            {
                await _channel.Writer.WriteAsync(IngestItem.ForBarrier(barrier), cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                return; // stopped: the writer has drained (or been cut off) already
            }
        }

        await barrier.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>No more items: the writer drains what is queued and stops.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    private sealed class LineWriter(ChannelWriter<IngestItem> inner, ServerIngest server) : ChannelWriter<TailedLine[]>
    {
        public override bool TryWrite(TailedLine[] item) => inner.TryWrite(IngestItem.ForLines(server, item));

        public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) => inner.WaitToWriteAsync(cancellationToken);

        public override ValueTask WriteAsync(TailedLine[] item, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(IngestItem.ForLines(server, item), cancellationToken);

        public override bool TryComplete([AllowNull] Exception error = null) => false; // one server's tailers never close the shared queue
    }
}
