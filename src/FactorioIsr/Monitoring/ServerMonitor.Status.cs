using FactorioIsr.Rcon.Client;
using FactorioIsr.State;

namespace FactorioIsr.Monitoring;

/// <summary>
/// What the status card and the status board read of a monitor: the last stats round, the last save seen in the log,
/// a version that changes whenever any of it (or the RCON state) changes, and the sample history kept in the store.
/// </summary>
internal sealed partial class ServerMonitor
{
    private StatsSnapshot? _lastStats;
    private DateTimeOffset? _lastSaveAt;
    private DateTimeOffset? _lastHistoryAt;
    private long _statusVersion;

    /// <summary>The last rendered status chart, shared by the status board and <c>/factorio status</c>.</summary>
    public Chart.StatusChartCache Charts { get; } = new();

    /// <summary>The server's tag.</summary>
    public string Tag => _tag;

    /// <summary>The monitor's clock.</summary>
    public TimeProvider Time => _time;

    /// <summary>Its label, monitoring keys and status channel.</summary>
    public ServerMonitoring Monitoring => _monitoring;

    /// <summary>The last stats read (by the round or on demand) and when; null before the first.</summary>
    public StatsSnapshot? LastStats
    {
        get
        {
            lock (_gate)
            {
                return _lastStats;
            }
        }
    }

    /// <summary>When factorio-current.log last said <c>Saving finished</c> (since isr started); null before.</summary>
    public DateTimeOffset? LastSaveAt
    {
        get
        {
            lock (_gate)
            {
                return _lastSaveAt;
            }
        }
    }

    /// <summary>Changes whenever something the status card shows changes (stats read, RCON up or down, a save, a start).</summary>
    public long StatusVersion => Interlocked.Read(ref _statusVersion);

    /// <summary>RCON as last observed by the health check: up, and since when (null before the first observation).</summary>
    public (bool Up, DateTimeOffset? Since) RconUp
    {
        get
        {
            lock (_gate)
            {
                return (_health.IsUp, _health.Since);
            }
        }
    }

    /// <summary>
    /// RCON is known to be down: backing off, refused, closed, or disconnected after an error. A session that simply has
    /// not connected yet is not down (the next command connects it). The interaction router refuses RCON commands on the
    /// same condition.
    /// </summary>
    public bool RconKnownDown
    {
        get
        {
            var state = Client.State;
            return state.Status is RconConnectionStatus.Backoff or RconConnectionStatus.AuthenticationFailed or RconConnectionStatus.Closed
                || (state.Status == RconConnectionStatus.Disconnected && state.LastErrorAt is not null);
        }
    }

    /// <summary>The sample history (points from <paramref name="since"/> on, oldest first).</summary>
    public ValueTask<IReadOnlyList<HistoryPoint>> LoadHistoryAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        _store.LoadSampleHistoryAsync(_tag, since, cancellationToken);

    /// <summary>The log showed a finished save.</summary>
    public void OnSaved()
    {
        lock (_gate)
        {
            _lastSaveAt = _time.GetUtcNow();
        }

        MarkStatsChanged();
    }

    private void MarkStatsChanged() => Interlocked.Increment(ref _statusVersion);

    private void KeepStats(StatsReading stats)
    {
        lock (_gate)
        {
            _lastStats = new StatsSnapshot(stats, _time.GetUtcNow());
        }

        MarkStatsChanged();
    }

    private async Task InitializeHistoryAsync(CancellationToken cancellationToken)
    {
        var recent = await _store.LoadSampleHistoryAsync(_tag, _time.GetUtcNow() - _monitoring.Timings.HistorySpacing, cancellationToken).ConfigureAwait(false);
        if (recent.Count > 0)
        {
            lock (_gate)
            {
                _lastHistoryAt = recent[^1].At;
            }
        }
    }

    /// <summary>Appends an interval sample to the history, at most one point per <see cref="MonitorTimings.HistorySpacing"/>.</summary>
    private async Task RecordHistoryAsync(UpsSample sample, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        HistoryPoint point;
        lock (_gate)
        {
            if (_lastHistoryAt is { } last && now - last < _monitoring.Timings.HistorySpacing)
            {
                return;
            }

            _lastHistoryAt = now;
            point = new HistoryPoint(now, sample.Paused ? null : sample.Raw, sample.Paused, _lastStats?.Reading.Players.Count);
        }

        try
        {
            await _store.AppendSampleHistoryAsync(_tag, point, HistoryBounds.Default, cancellationToken).ConfigureAwait(false);
        }
        catch (StateStoreException e)
        {
            Log.StateNotSaved(_logger, _tag, e.Message);
        }
    }
}

/// <summary>A stats reading and when it was taken.</summary>
internal sealed record StatsSnapshot(StatsReading Reading, DateTimeOffset At);
