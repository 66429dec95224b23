using FactorioIsr.Delivery;
using FactorioIsr.Ingest;
using FactorioIsr.Servers;
using FactorioIsr.State;
using FactorioIsr.Tailing;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Hosting;

/// <summary>
/// The durable pipeline: server runtimes (tailers) and event producers -> one bounded <see cref="IngestChannel"/> ->
/// the single <see cref="IngestWriter"/> (parse, route, one transaction with the tail positions) -> outbox -> one
/// dispatcher per destination (<see cref="DispatcherPool"/>). Servers come and go through <see cref="Servers"/>
/// (a <see cref="ServerManager"/>). Stop order: tailers, then the writer commits what they read, then dispatchers
/// deliver what is pending (within the budget); whatever is left stays in the outbox for the next start.
/// </summary>
internal sealed class RelayPipeline : IAsyncDisposable
{
    private readonly IStateStore _store;
    private readonly RelayOptions _options;
    private readonly TimeProvider _time;
    private readonly OutboxGate _gate;
    private readonly DirectoryWatchHub _watch;
    private readonly CancellationTokenSource _readStop = new();
    private readonly CancellationTokenSource _hardStop = new();
    private readonly IngestWriter _writer;
    private readonly IReadOnlyList<ServerDefinition> _initial;
    private readonly ILogger _logger;
    private Task _writerTask = Task.CompletedTask;
    private bool _started;
    private bool _warmupRequested;

    /// <param name="store">The state store (owned by the caller).</param>
    /// <param name="globalOutputs">Outputs every event goes to (console, JSONL), and any other output known at start.</param>
    /// <param name="servers">The servers to start with; more are added through <see cref="Servers"/>.</param>
    /// <param name="metrics">The relay's instruments (from its host's meter factory); null: not measured.</param>
    public RelayPipeline(
        IStateStore store,
        IReadOnlyList<IDeliveryOutput> globalOutputs,
        IReadOnlyList<ServerDefinition> servers,
        RelayOptions options,
        TimeProvider time,
        ILoggerFactory loggers,
        PipelineMetrics? metrics = null)
    {
        _store = store;
        _options = options;
        _time = time;
        _initial = servers;
        // Tailers push chunks of up to 512 lines; the capacity in chunks keeps about LineChannelCapacity lines.
        Ingest = new IngestChannel(options.LineChannelCapacity / 512);
        _gate = new OutboxGate(options.OutboxMaxRows, options.OutboxMaxBytes, metrics?.Delivery);
        _watch = new DirectoryWatchHub(loggers.CreateLogger<DirectoryWatchHub>());
        _logger = loggers.CreateLogger<RelayPipeline>();
        DescriptorBudget.WarnIfShort(_logger, servers.Sum(s => s.Sources.Count)); // said at start, before any tailer opens
        _writer = new IngestWriter(Ingest.Reader, store, _gate, time, loggers.CreateLogger<IngestWriter>(), options.MaxCommitLines, options.MaxCommitEvents, metrics?.Ingest);
        Delivery = new DispatcherPool(store, _gate, options.Dispatch, time, loggers);
        Delivery.Add(globalOutputs);
        Servers = new ServerManager(store, Ingest, Delivery, options.Tail, options.Tail.PollOnly ? null : _watch, time, loggers, _readStop.Token, metrics);
    }

    /// <summary>
    /// One server per distinct <see cref="TailSource.Server"/>, every line parsed by <paramref name="parse"/> and routed by
    /// <paramref name="route"/>: what the pipeline tests and benchmarks use.
    /// </summary>
    public RelayPipeline(
        IStateStore store,
        IReadOnlyList<TailSource> sources,
        LineParser parse,
        EventRouter route,
        IReadOnlyList<IDeliveryOutput> outputs,
        RelayOptions options,
        TimeProvider time,
        ILoggerFactory loggers)
        : this(store, outputs, [.. sources.GroupBy(s => s.Server, StringComparer.Ordinal).Select(g => new ServerDefinition(g.Key, [.. g], parse, route, []))], options, time, loggers)
    {
    }

    /// <summary>Adds, removes and replaces servers while the pipeline runs.</summary>
    public ServerManager Servers { get; }

    /// <summary>The one ingest queue: monitors and commands publish their events here.</summary>
    public IngestChannel Ingest { get; }

    public DispatcherPool Delivery { get; }

    public IReadOnlyList<Dispatcher> Dispatchers => Delivery.Dispatchers;

    public OutboxGate Outbox => _gate;

    public IngestWriter Writer => _writer;

    /// <summary>True once the JIT warm-up was asked for: with the first lines or events, never while the relay idles.</summary>
    public bool WarmupRequested => Volatile.Read(ref _warmupRequested);

    /// <summary>True once every initial server is running.</summary>
    public bool Started => Volatile.Read(ref _started);

    /// <summary>Null while the state store accepts commits; otherwise why it does not.</summary>
    public string? StateError => _writer.Error;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.JitWarmup)
        {
            // Not at start but with the first lines or events: an idle relay never compiles its per-line path (the
            // warm-up's code is ~8 MB of an idle process's memory), a busy one compiles it while the first events pass.
            var stop = _hardStop.Token;
            _ = _writer.FirstWork.ContinueWith(_ => StartWarmup(stop), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }

        _gate.Added(await _store.LoadOutboxTotalsAsync(cancellationToken).ConfigureAwait(false));
        _writerTask = Observe(Task.Run(() => _writer.RunAsync(_hardStop.Token), CancellationToken.None), "the ingest writer");
        Delivery.Start((task, what) => Observe(task, what), _hardStop.Token);
        foreach (var server in _initial)
        {
            await Servers.AddAsync(server, cancellationToken).ConfigureAwait(false);
        }

        Volatile.Write(ref _started, true);
    }

    /// <summary>Stops reading, commits what was read, delivers what is pending within the budget.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var deadline = _time.GetTimestamp();
        await _readStop.CancelAsync().ConfigureAwait(false);
        await Servers.StopAllAsync().ConfigureAwait(false);
        Ingest.Complete();
        await WaitAsync(_writerTask, Remaining(deadline), cancellationToken).ConfigureAwait(false);
        Delivery.RequestDrain();
        await WaitAsync(Delivery.Completion, Remaining(deadline), cancellationToken).ConfigureAwait(false);
        await _hardStop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(Delivery.Completion, _writerTask).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_hardStop.IsCancellationRequested)
        {
            await _readStop.CancelAsync().ConfigureAwait(false);
            await _hardStop.CancelAsync().ConfigureAwait(false);
            await Servers.StopAllAsync().ConfigureAwait(false);
            await Task.WhenAll(Delivery.Completion, _writerTask).ConfigureAwait(false);
        }

        await Servers.DisposeAsync().ConfigureAwait(false);
        _watch.Dispose();
        Delivery.Dispose();
        _readStop.Dispose();
        _hardStop.Dispose();
    }

    private void StartWarmup(CancellationToken stop)
    {
        if (stop.IsCancellationRequested)
        {
            return;
        }

        Volatile.Write(ref _warmupRequested, true);
        var started = _time.GetTimestamp();
        _ = JitWarmup.Start(stop).ContinueWith(
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
