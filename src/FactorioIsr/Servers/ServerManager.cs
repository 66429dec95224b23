using FactorioIsr.Delivery;
using FactorioIsr.Ingest;
using FactorioIsr.State;
using FactorioIsr.Tailing;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Servers;

/// <summary>
/// Owns one <see cref="ServerRuntime"/> per running server and adds, removes or replaces one at run time without
/// touching the others. A reload only diffs configurations and calls it. Removing a server waits until everything
/// its tailers queued is committed, so adding it again resumes from the committed positions: nothing lost, nothing read
/// twice. Calls are serialised.
/// </summary>
internal sealed class ServerManager(
    IStateStore store,
    IngestChannel channel,
    DispatcherPool pool,
    TailOptions options,
    DirectoryWatchHub? watch,
    TimeProvider time,
    ILoggerFactory loggers,
    CancellationToken pipelineStop) : IAsyncDisposable
{
    private readonly SemaphoreSlim _serial = new(1, 1);
    private readonly ILogger _tailerLogger = loggers.CreateLogger<FileTailer>();
    private volatile IReadOnlyDictionary<string, ServerRuntime> _servers = new Dictionary<string, ServerRuntime>(StringComparer.Ordinal);

    /// <summary>
    /// Recognises the game's echo of what ISR sent it (the chat bridge's loop guard); loaded before the first server
    /// starts reading, and given to every server's <see cref="ServerIngest"/>. Set before the pipeline starts.
    /// </summary>
    public IEchoFilter? EchoFilter { get; set; }

    /// <summary>The running servers (a snapshot), by tag.</summary>
    public IReadOnlyDictionary<string, ServerRuntime> Servers => _servers;

    /// <summary>Starts a server that is not running.</summary>
    /// <exception cref="InvalidOperationException">A server with this tag runs already.</exception>
    public async Task AddAsync(ServerDefinition definition, CancellationToken cancellationToken)
    {
        await _serial.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_servers.ContainsKey(definition.Tag))
            {
                throw new InvalidOperationException($"server '{definition.Tag}' runs already");
            }

            await StartAsync(definition, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _serial.Release();
        }
    }

    /// <summary>Stops a server; false when none has this tag.</summary>
    public async Task<bool> RemoveAsync(string tag, CancellationToken cancellationToken)
    {
        await _serial.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await StopAsync(tag, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _serial.Release();
        }
    }

    /// <summary>Replaces a server's runtime (stop, commit what it read, start the new definition); adds it when absent.</summary>
    public async Task ReplaceAsync(ServerDefinition definition, CancellationToken cancellationToken)
    {
        await _serial.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await StopAsync(definition.Tag, cancellationToken).ConfigureAwait(false);
            await StartAsync(definition, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _serial.Release();
        }
    }

    /// <summary>
    /// Makes the running set equal to <paramref name="wanted"/>: removes servers not in it, adds new ones, replaces those
    /// whose <see cref="ServerDefinition.Revision"/> changed, leaves the others alone.
    /// </summary>
    /// <returns>How many servers were added, removed and replaced.</returns>
    public async Task<(int Added, int Removed, int Replaced)> ApplyAsync(IReadOnlyList<ServerDefinition> wanted, CancellationToken cancellationToken)
    {
        var byTag = wanted.ToDictionary(d => d.Tag, StringComparer.Ordinal);
        int added = 0, removed = 0, replaced = 0;
        foreach (var tag in _servers.Keys.Where(t => !byTag.ContainsKey(t)).ToList())
        {
            removed += await RemoveAsync(tag, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        foreach (var definition in wanted)
        {
            if (!_servers.TryGetValue(definition.Tag, out var running))
            {
                await AddAsync(definition, cancellationToken).ConfigureAwait(false);
                added++;
            }
            else if (!string.Equals(running.Definition.Revision, definition.Revision, StringComparison.Ordinal))
            {
                await ReplaceAsync(definition, cancellationToken).ConfigureAwait(false);
                replaced++;
            }
        }

        return (added, removed, replaced);
    }

    /// <summary>Stops every server's tailers (the pipeline's stop; what they queued is committed by the writer).</summary>
    public async Task StopAllAsync()
    {
        await Task.WhenAll(_servers.Values.Select(s => s.StopAsync())).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAllAsync().ConfigureAwait(false);
        foreach (var server in _servers.Values)
        {
            server.Dispose();
        }

        _servers = new Dictionary<string, ServerRuntime>(StringComparer.Ordinal);
        _serial.Dispose();
    }

    private async Task StartAsync(ServerDefinition definition, CancellationToken cancellationToken)
    {
        pool.Add(definition.Outputs);
        if (EchoFilter is { } echo)
        {
            await echo.LoadAsync(cancellationToken).ConfigureAwait(false);
        }

        var ingest = new ServerIngest(definition.Tag, definition.Parse, definition.Route, pool.Destinations, pool.Global, EchoFilter);
        var runtime = await ServerRuntime.CreateAsync(definition, ingest, channel, store, options, time, _tailerLogger, pipelineStop, cancellationToken, loggers).ConfigureAwait(false);
        runtime.Start(watch);
        _servers = new Dictionary<string, ServerRuntime>(_servers, StringComparer.Ordinal) { [definition.Tag] = runtime };
    }

    private async Task<bool> StopAsync(string tag, CancellationToken cancellationToken)
    {
        if (!_servers.TryGetValue(tag, out var runtime))
        {
            return false;
        }

        await runtime.StopAsync().ConfigureAwait(false);
        var without = new Dictionary<string, ServerRuntime>(_servers, StringComparer.Ordinal);
        without.Remove(tag);
        _servers = without;

        // Its lines still queued are committed before a new runtime of the same tag reads the saved positions.
        await channel.FlushAsync(cancellationToken).ConfigureAwait(false);
        runtime.Dispose();
        return true;
    }
}
