using System.Threading.Channels;
using FactorioIsr.State;
using FactorioIsr.Tailing;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Hosting;

/// <summary>One server's share of the relay: its tailers (one per log file), feeding the shared ingest channel.</summary>
internal sealed class ServerRuntime : IDisposable
{
    private readonly List<FileTailer> _tailers = [];
    private readonly List<IDisposable> _subscriptions = [];
    private readonly List<Task> _tasks = [];

    public ServerRuntime(
        string server,
        IEnumerable<TailSource> sources,
        IStateStore store,
        TailOptions options,
        ChannelWriter<TailedLine[]> output,
        TimeProvider time,
        ILogger logger)
    {
        Server = server;
        foreach (var source in sources)
        {
            var saved = store.LoadTailPositions(source.Server, source.Source);
            _tailers.Add(new FileTailer(source, options, saved, output, time, logger, (s, forgotten) => Forget(store, s, forgotten)));
        }
    }

    public string Server { get; }

    public IReadOnlyList<FileTailer> Tailers => _tailers;

    public void Start(DirectoryWatchHub? watch, CancellationToken cancellationToken)
    {
        foreach (var tailer in _tailers)
        {
            if (watch is not null)
            {
                _subscriptions.Add(watch.Subscribe(tailer.Source.Path, tailer.Wake));
            }

            _tasks.Add(Task.Run(() => tailer.RunAsync(cancellationToken), CancellationToken.None));
        }
    }

    /// <summary>Completes when every tailer has stopped (after the start token was cancelled).</summary>
    public Task Completion => Task.WhenAll(_tasks);

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
    }

    private static void Forget(IStateStore store, TailSource source, IReadOnlyList<TailPosition> positions)
    {
        if (positions.Count == 0)
        {
            return;
        }

        try
        {
            store.ForgetTailPositions(source.Server, source.Source, [.. positions.Select(p => p.Identity)]);
        }
        catch (StateStoreException)
        {
            // Harmless: a stale position only ever matches a file with the same content.
        }
    }
}
