using System.Threading.Channels;
using FactorioIsr.Delivery;
using FactorioIsr.State;
using FactorioIsr.Tailing;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Hosting;

/// <summary>
/// The durable pipeline: tailers -> bounded channel -> ingest writer (parse, route, one transaction with the tail
/// positions) -> outbox -> one dispatcher per output. Only destinations with a registered output get outbox rows.
/// Stop order: tailers, then the writer commits what they read, then dispatchers deliver what is pending (within the
/// budget); whatever is left stays in the outbox for the next start.
/// </summary>
internal sealed class RelayPipeline : IAsyncDisposable
{
    private readonly IStateStore _store;
    private readonly RelayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly Channel<TailedLine> _lines;
    private readonly OutboxGate _gate;
    private readonly List<ServerRuntime> _servers = [];
    private readonly List<Dispatcher> _dispatchers = [];
    private readonly List<Task> _dispatcherTasks = [];
    private readonly DirectoryWatchHub _watch;
    private readonly CancellationTokenSource _readStop = new();
    private readonly CancellationTokenSource _hardStop = new();
    private readonly IngestWriter _writer;
    private Task _writerTask = Task.CompletedTask;

    public RelayPipeline(
        IStateStore store,
        IReadOnlyList<TailSource> sources,
        LineParser parse,
        EventRouter route,
        IReadOnlyList<IDeliveryOutput> outputs,
        RelayOptions options,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        _store = store;
        _options = options;
        _time = time;
        _loggers = loggers;
        _lines = Channel.CreateBounded<TailedLine>(new BoundedChannelOptions(options.LineChannelCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _gate = new OutboxGate(options.OutboxMaxRows, options.OutboxMaxBytes);
        _watch = new DirectoryWatchHub(loggers.CreateLogger<DirectoryWatchHub>());
        var registered = outputs.Select(o => o.Destination).ToHashSet(StringComparer.Ordinal);
        var global = outputs.Select(o => o.Destination).Where(d => !d.Contains(':', StringComparison.Ordinal)).ToArray();
        EventRouter filtered = e => [.. route(e).Concat(global).Distinct(StringComparer.Ordinal).Where(registered.Contains)];
        _writer = new IngestWriter(_lines.Reader, parse, filtered, store, _gate, time, loggers.CreateLogger<IngestWriter>(), options.MaxCommitLines);
        foreach (var server in sources.GroupBy(s => s.Server, StringComparer.Ordinal))
        {
            _servers.Add(new ServerRuntime(server.Key, server, store, options.Tail, _lines.Writer, time, loggers.CreateLogger<FileTailer>()));
        }

        foreach (var output in outputs)
        {
            _dispatchers.Add(new Dispatcher(output, store, _gate, options.Dispatch, time, loggers.CreateLogger<Dispatcher>()));
        }
    }

    public IReadOnlyList<Dispatcher> Dispatchers => _dispatchers;

    public IReadOnlyList<ServerRuntime> Servers => _servers;

    public OutboxGate Outbox => _gate;

    /// <summary>Null while the state store accepts commits; otherwise why it does not.</summary>
    public string? StateError => _writer.Error;

    public void Start()
    {
        _gate.Added(_store.LoadOutboxTotals());
        _writerTask = Task.Run(() => _writer.RunAsync(_hardStop.Token));
        foreach (var dispatcher in _dispatchers)
        {
            _dispatcherTasks.Add(Task.Run(() => dispatcher.RunAsync(_hardStop.Token)));
        }

        foreach (var server in _servers)
        {
            server.Start(_options.Tail.PollOnly ? null : _watch, _readStop.Token);
        }
    }

    /// <summary>Stops reading, commits what was read, delivers what is pending within the budget.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var deadline = _time.GetTimestamp();
        await _readStop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_servers.Select(s => s.Completion)).ConfigureAwait(false);
        _lines.Writer.TryComplete();
        await WaitAsync(_writerTask, Remaining(deadline), cancellationToken).ConfigureAwait(false);
        foreach (var dispatcher in _dispatchers)
        {
            dispatcher.RequestDrain();
        }

        await WaitAsync(Task.WhenAll(_dispatcherTasks), Remaining(deadline), cancellationToken).ConfigureAwait(false);
        await _hardStop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_dispatcherTasks.Append(_writerTask)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_hardStop.IsCancellationRequested)
        {
            await _readStop.CancelAsync().ConfigureAwait(false);
            await _hardStop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(_servers.Select(s => s.Completion).Concat(_dispatcherTasks).Append(_writerTask)).ConfigureAwait(false);
        }

        foreach (var server in _servers)
        {
            server.Dispose();
        }

        _watch.Dispose();

        foreach (var dispatcher in _dispatchers)
        {
            dispatcher.Dispose();
        }

        _readStop.Dispose();
        _hardStop.Dispose();
    }

    private TimeSpan Remaining(long start)
    {
        var left = _options.ShutdownBudget - _time.GetElapsedTime(start);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private async Task WaitAsync(Task task, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}
