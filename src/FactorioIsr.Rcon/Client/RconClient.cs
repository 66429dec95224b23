using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using FactorioIsr.Rcon.Transport;

namespace FactorioIsr.Rcon.Client;

/// <summary>
/// RCON client for one server over one long-lived connection (Factorio logs every new connection).
/// Commands are multiplexed by id, limited to <see cref="RconClientOptions.MaxConcurrentCommands"/> in flight, and
/// time out after <see cref="RconClientOptions.CommandTimeout"/> (which resets the connection: it is assumed half-open).
/// The connection opens on first use and reopens after a failure, no sooner than the backoff policy allows:
/// while waiting, commands fail fast with a transient <see cref="RconException"/>, so a dead server is never hammered.
/// Thread-safe.
/// </summary>
public sealed partial class RconClient : IAsyncDisposable
{
    private readonly RconClientOptions _options;
    private readonly IRconTransport _transport;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _concurrency;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly Random _jitter;
    private readonly RconMetrics? _metrics;
    private IEnumerator<TimeSpan> _delays;
    private RconSession? _session;
    private RconConnectionState _state;
    private RconException? _lastConnectError;
    private long _lastActivity;
    private long _succeeded;
    private long _failed;
    private bool _disposed;

    /// <param name="metrics">Where latency and reconnects are counted (tagged with <see cref="Name"/>); null: not measured.</param>
    public RconClient(RconClientOptions options, IRconTransport? transport = null, TimeProvider? timeProvider = null, ILogger<RconClient>? logger = null, Random? jitter = null, RconMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _transport = transport ?? TcpRconTransport.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _concurrency = new SemaphoreSlim(options.MaxConcurrentCommands, options.MaxConcurrentCommands);
        _jitter = jitter ?? Random.Shared;
        _metrics = metrics;
        _delays = options.Backoff.GetDelays(_jitter).GetEnumerator();
        _state = new RconConnectionState { Server = options.DisplayName };
        _lastActivity = _time.GetTimestamp();
    }

    /// <summary>The server label used in logs and errors.</summary>
    public string Name => _options.DisplayName;

    /// <summary>The client's settings.</summary>
    public RconClientOptions Options => _options;

    /// <summary>A snapshot of connection state, latency, errors and counters.</summary>
    public RconConnectionState State => Volatile.Read(ref _state) with
    {
        CommandsSucceeded = Interlocked.Read(ref _succeeded),
        CommandsFailed = Interlocked.Read(ref _failed),
    };

    /// <summary>Increases by one on every successful (re)connect; lets callers redo per-connection work.</summary>
    public long ConnectionGeneration => Volatile.Read(ref _state).Connections;

    /// <summary>True when a connection is open and believed healthy.</summary>
    public bool IsConnected => Volatile.Read(ref _session)?.IsAlive == true;

    /// <summary>Opens the connection now if none is open (subject to the backoff window).</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        await GetSessionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one command and returns the reply body (possibly empty, possibly megabytes).
    /// Throws <see cref="RconException"/> (see <see cref="RconException.IsTransient"/>) and its subtypes.
    /// </summary>
    public async Task<string> ExecuteAsync(string command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Length == 0)
        {
            // Factorio never answers an empty command: waiting for it would only end in a timeout.
            throw new ArgumentException("Factorio does not answer empty RCON commands.", nameof(command));
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        await _concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var session = await GetSessionAsync(cancellationToken).ConfigureAwait(false);
            var started = _time.GetTimestamp();
            try
            {
                var reply = await session.ExecuteAsync(command, _options.CommandTimeout, _time, cancellationToken).ConfigureAwait(false);
                var latency = _time.GetElapsedTime(started);
                Interlocked.Increment(ref _succeeded);
                Volatile.Write(ref _lastActivity, _time.GetTimestamp());
                UpdateState(s => s.Status == RconConnectionStatus.Connected ? s with { LastLatency = latency } : s);
                _metrics?.Completed(Name, latency);
                return reply;
            }
            catch (RconException ex)
            {
                Interlocked.Increment(ref _failed);
                await OnSessionFailedAsync(session, ex).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _concurrency.Release();
        }
    }

    /// <summary>Sends the probe command and returns its round trip. A timeout resets the connection like any command.</summary>
    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        await ExecuteAsync(_options.ProbeCommand, cancellationToken).ConfigureAwait(false);
        return _time.GetElapsedTime(started);
    }

    /// <summary>
    /// Keeps the connection healthy until cancelled: reconnects when the backoff allows, and probes a connection that
    /// has been idle for <see cref="RconClientOptions.IdleProbeInterval"/> so a half-open socket is found before a
    /// user's command hits it. Failures are recorded in <see cref="State"/>, never thrown.
    /// </summary>
    public async Task RunKeepAliveAsync(CancellationToken cancellationToken)
    {
        var tick = TimeSpan.FromTicks(Math.Max(_options.IdleProbeInterval.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks));
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var state = Volatile.Read(ref _state);
                var idle = _time.GetElapsedTime(Volatile.Read(ref _lastActivity));
                var dueReconnect = !IsConnected && (state.NextAttemptAt is not { } next || next <= _time.GetUtcNow());
                if (dueReconnect || idle >= _options.IdleProbeInterval)
                {
                    Volatile.Write(ref _lastActivity, _time.GetTimestamp());
                    await PingAsync(cancellationToken).ConfigureAwait(false);
                }

                await Task.Delay(tick, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RconException ex)
            {
                Log.KeepAliveFailed(_logger, Name, ex.Message);
                await Task.Delay(tick, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Closes the current connection (if any); the next command reconnects at once.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var session = _session;
            _session = null;
            if (session is not null)
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }

            UpdateState(s => s with { Status = RconConnectionStatus.Disconnected, ConnectedSince = null, NextAttemptAt = null });
        }
        finally
        {
            _connectLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _connectLock.WaitAsync().ConfigureAwait(false);
        try
        {
            var session = _session;
            _session = null;
            if (session is not null)
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }

            UpdateState(s => s with { Status = RconConnectionStatus.Closed, ConnectedSince = null });
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private void UpdateState(Func<RconConnectionState, RconConnectionState> change)
    {
        while (true)
        {
            var current = Volatile.Read(ref _state);
            if (Interlocked.CompareExchange(ref _state, change(current), current) == current)
            {
                return;
            }
        }
    }
}
