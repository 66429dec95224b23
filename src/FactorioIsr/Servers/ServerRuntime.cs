using FactorioIsr.Ingest;
using FactorioIsr.Monitoring;
using FactorioIsr.Rcon.Client;
using FactorioIsr.State;
using FactorioIsr.Tailing;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Servers;

/// <summary>
/// Everything one server has while it runs: its tailers (one per log file) feeding the shared ingest queue through its
/// own <see cref="ServerIngest"/>, and, when it has RCON, its one RCON session and the monitors over it
/// (<see cref="Monitor"/>), whose events enter the same queue. Stopping it stops its tailers and monitors; what they
/// already queued is committed by the writer.
/// </summary>
internal sealed class ServerRuntime : IDisposable
{
    private readonly List<FileTailer> _tailers = [];
    private readonly List<NumberedFileFollower> _followers = [];
    private readonly List<IDisposable> _subscriptions = [];
    private readonly List<Task> _tasks = [];
    private readonly CancellationTokenSource _stop;

    private ServerRuntime(ServerDefinition definition, ServerIngest ingest, CancellationToken pipelineStop)
    {
        Definition = definition;
        Ingest = ingest;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(pipelineStop);
    }

    public ServerDefinition Definition { get; }

    public string Tag => Definition.Tag;

    public ServerIngest Ingest { get; }

    public IReadOnlyList<FileTailer> Tailers => _tailers;

    /// <summary>Every followed file's status: the tailers', then each numbered file of the mod sources.</summary>
    public IReadOnlyList<TailerStatus> TailerStatuses => [.. _tailers.Select(t => t.Status), .. _followers.SelectMany(f => f.Status)];

    /// <summary>Its RCON session and monitors; null for a log-only server.</summary>
    public ServerMonitor? Monitor { get; private set; }

    /// <summary>Completes when every tailer has stopped.</summary>
    public Task Completion => Task.WhenAll(_tasks);

    /// <summary>Loads the saved positions of its files and builds its tailers (not started).</summary>
    public static async Task<ServerRuntime> CreateAsync(
        ServerDefinition definition,
        ServerIngest ingest,
        IngestChannel channel,
        IStateStore store,
        TailOptions options,
        TimeProvider time,
        ILogger logger,
        CancellationToken pipelineStop,
        CancellationToken cancellationToken,
        ILoggerFactory? loggers = null,
        Hosting.PipelineMetrics? metrics = null)
    {
        var runtime = new ServerRuntime(definition, ingest, pipelineStop);
        if (definition.Monitoring is { } monitoring)
        {
            var client = new RconClient(
                new RconClientOptions { Host = monitoring.Rcon.Host, Port = monitoring.Rcon.Port, Password = monitoring.Rcon.Password.Reveal(), Name = definition.Tag },
                timeProvider: time,
                logger: loggers?.CreateLogger<RconClient>(),
                metrics: metrics?.Rcon);
            runtime.Monitor = new ServerMonitor(
                definition.Tag, monitoring, client, (e, ct) => channel.PublishAsync(ingest, e, ct), store, time,
                loggers?.CreateLogger<ServerMonitor>() ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
            await runtime.Monitor.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        var lines = channel.LinesFor(ingest);
        foreach (var source in definition.Sources)
        {
            var saved = await store.LoadTailPositionsAsync(source.Server, source.Source, cancellationToken).ConfigureAwait(false);
            if (source.Kind == Events.LogSourceKind.Mod)
            {
                // The companion mod's numbered files, in order, one tailer per file (polled).
                runtime._followers.Add(new NumberedFileFollower(source, options, saved, lines, time, logger, (s, forgotten) => Forget(store, s, forgotten), metrics?.Tail));
                continue;
            }

            var writer = runtime.Monitor is { } monitor && source.Kind == Events.LogSourceKind.Current ? new LifecycleLineWriter(lines, monitor) : lines;
            runtime._tailers.Add(new FileTailer(source, options, saved, writer, time, logger, (s, forgotten) => Forget(store, s, forgotten), metrics?.Tail));
        }

        return runtime;
    }

    public void Start(DirectoryWatchHub? watch)
    {
        var token = _stop.Token;
        foreach (var tailer in _tailers)
        {
            if (watch is not null)
            {
                _subscriptions.Add(watch.Subscribe(tailer.Source.Path, tailer.Wake));
            }

            _tasks.Add(Task.Run(() => tailer.RunAsync(token), CancellationToken.None));
        }

        foreach (var follower in _followers)
        {
            _tasks.Add(Task.Run(() => follower.RunAsync(token), CancellationToken.None));
        }

        if (Monitor is { } monitor)
        {
            _tasks.Add(Task.Run(() => monitor.RunAsync(token), CancellationToken.None));
        }
    }

    /// <summary>Stops its tailers and monitors, waits for them, and closes its RCON session.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Completion.ConfigureAwait(false);
        if (Monitor is { } monitor)
        {
            await monitor.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        foreach (var tailer in _tailers)
        {
            tailer.Dispose();
        }

        foreach (var follower in _followers)
        {
            follower.Dispose();
        }

        _stop.Dispose();
    }

    private static void Forget(IStateStore store, TailSource source, IReadOnlyList<TailPosition> positions)
    {
        if (positions.Count == 0)
        {
            return;
        }

        // Fire and forget: a stale position only ever matches a file with the same content.
        _ = ForgetAsync(store, source, positions);
    }

    private static async Task ForgetAsync(IStateStore store, TailSource source, IReadOnlyList<TailPosition> positions)
    {
        try
        {
            await store.ForgetTailPositionsAsync(source.Server, source.Source, [.. positions.Select(p => p.Identity)], CancellationToken.None).ConfigureAwait(false);
        }
        catch (StateStoreException)
        {
            // Harmless, see above.
        }
        catch (ObjectDisposedException)
        {
            // The store closed first (shutdown).
        }
    }
}
