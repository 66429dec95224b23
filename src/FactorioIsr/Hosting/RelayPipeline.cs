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
    private readonly Channel<TailedLine[]> _lines;
    private readonly OutboxGate _gate;
    private readonly List<ServerRuntime> _servers = [];
    private readonly List<Dispatcher> _dispatchers = [];
    private readonly List<Task> _dispatcherTasks = [];
    private readonly DirectoryWatchHub _watch;
    private readonly CancellationTokenSource _readStop = new();
    private readonly CancellationTokenSource _hardStop = new();
    private readonly IngestWriter _writer;
    private readonly ILogger _logger;
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
        // Tailers push chunks of up to 512 lines; the capacity in chunks keeps about LineChannelCapacity lines.
        _lines = Channel.CreateBounded<TailedLine[]>(new BoundedChannelOptions(Math.Max(4, options.LineChannelCapacity / 512))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _gate = new OutboxGate(options.OutboxMaxRows, options.OutboxMaxBytes);
        _watch = new DirectoryWatchHub(loggers.CreateLogger<DirectoryWatchHub>());
        _logger = loggers.CreateLogger<RelayPipeline>();
        _writer = new IngestWriter(_lines.Reader, parse, Registered(route, outputs), store, _gate, time, loggers.CreateLogger<IngestWriter>(), options.MaxCommitLines, options.MaxCommitEvents);
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
        if (_options.JitWarmup)
        {
            var started = _time.GetTimestamp();
            _ = JitWarmup.Start(_hardStop.Token).ContinueWith(
                t =>
                {
                    if (t.Result > 0)
                    {
                        RelayLog.WarmedUp(_logger, t.Result, (long)_time.GetElapsedTime(started).TotalMilliseconds);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion,
                TaskScheduler.Default);
        }

        _gate.Added(_store.LoadOutboxTotals());
        _writerTask = Observe(Task.Run(() => _writer.RunAsync(_hardStop.Token)), "the ingest writer");
        foreach (var dispatcher in _dispatchers)
        {
            _dispatcherTasks.Add(Observe(Task.Run(() => dispatcher.RunAsync(_hardStop.Token)), "the dispatcher of " + dispatcher.Destination));
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

    /// <summary>The route's destinations plus the global outputs, keeping only those with a registered output.</summary>
    private static EventRouter Registered(EventRouter route, IReadOnlyList<IDeliveryOutput> outputs)
    {
        var registered = outputs.Select(o => o.Destination).ToHashSet(StringComparer.Ordinal);
        string[] global = [.. outputs.Select(o => o.Destination).Where(d => !d.Contains(':', StringComparison.Ordinal)).Distinct(StringComparer.Ordinal)];
        return e =>
        {
            var routed = route(e);
            if (routed.Count == 0)
            {
                return global; // the common case: no allocation per event
            }

            var result = new List<string>(routed.Count + global.Length);
            foreach (var destination in routed.Concat(global))
            {
                if (registered.Contains(destination) && !result.Contains(destination, StringComparer.Ordinal))
                {
                    result.Add(destination);
                }
            }

            return result;
        };
    }

    // A stage that dies of a bug must not die silently: the relay would look alive and do nothing.
    private Task Observe(Task task, string what)
    {
        _ = task.ContinueWith(
            t => RelayLog.StageFailed(_logger, t.Exception!, what),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
        return task;
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
