using System.Globalization;
using FactorioIsr.Configuration;
using FactorioIsr.Events;
using FactorioIsr.Rcon;
using FactorioIsr.Rcon.Client;
using FactorioIsr.Rcon.Factorio;
using FactorioIsr.State;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Monitoring;

/// <summary>
/// One server's monitors over its one RCON session: the UPS sampler (every <c>alert_check_interval</c>), the low-UPS
/// alert, the stats round (every <c>stats_interval</c>) and the RCON health notices. Each step is a method the loops
/// call (tests call them directly under a fake clock). Events go out through the publish delegate, the ingest
/// path of log events. The active alert lives in the state store, so a restart neither repeats nor forgets it.
/// </summary>
internal sealed partial class ServerMonitor : IAsyncDisposable
{
    public const string AlertStateKey = "ups_alert";

    private readonly string _tag;
    private readonly ServerMonitoring _monitoring;
    private readonly MonitoringConfig _settings;
    private readonly Func<FactorioEvent, CancellationToken, ValueTask> _publish;
    private readonly IStateStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly UpsAlertPolicy _alerts;
    private readonly RconHealthTracker _health;
    private double _speed = 1;
    private long _speedGeneration = -1;
    private bool _unreachablePosted;
    private DateTimeOffset? _lastSummary;

    public ServerMonitor(
        string tag,
        ServerMonitoring monitoring,
        RconClient client,
        Func<FactorioEvent, CancellationToken, ValueTask> publish,
        IStateStore store,
        TimeProvider time,
        ILogger logger)
    {
        _tag = tag;
        _monitoring = monitoring;
        _settings = monitoring.Settings;
        _publish = publish;
        _store = store;
        _time = time;
        _logger = logger;
        Client = client;
        Rcon = new FactorioRcon(client, monitoring.AchievementSafe);
        Sampler = new UpsSampler(Rcon.CreateUpsEstimator, _settings.UpsEmaAlpha, monitoring.Timings.SmaWindow);
        _alerts = new UpsAlertPolicy(
            _settings.UpsWarningThreshold, _settings.UpsRecoveryThreshold, _settings.AlertSamplesRequired,
            TimeSpan.FromSeconds(_settings.AlertCooldown), monitoring.Timings.WarmupReadings);
        _health = new RconHealthTracker(monitoring.Timings.RconLossDebounce, monitoring.Timings.CleanStopWindow);
    }

    /// <summary>The server's one RCON session (commands share it).</summary>
    public RconClient Client { get; }

    public FactorioRcon Rcon { get; }

    /// <summary>The interval UPS; on-demand readers take <see cref="UpsSampler.Last"/>.</summary>
    public UpsSampler Sampler { get; }

    /// <summary>The alert state (for status and tests).</summary>
    public UpsAlertState AlertState
    {
        get
        {
            lock (_gate)
            {
                return _alerts.State;
            }
        }
    }

    /// <summary>The session's state for the health snapshot: status, latency, and since when it holds.</summary>
    public (RconConnectionState State, DateTimeOffset? Since) RconView
    {
        get
        {
            var state = Client.State;
            DateTimeOffset? since;
            lock (_gate)
            {
                since = state.ConnectedSince ?? (_health.IsUp ? null : _health.Since) ?? state.LastErrorAt;
            }

            return (state, since);
        }
    }

    /// <summary>Loads the persisted alert state.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var saved = await _store.LoadMonitorStateAsync(_tag, AlertStateKey, cancellationToken).ConfigureAwait(false);
        if (Decode(saved) is { } state)
        {
            lock (_gate)
            {
                _alerts.Restore(state);
            }
        }

        await InitializeHistoryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the loops until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var loops = new List<Task> { Client.RunKeepAliveAsync(cancellationToken) };
        loops.Add(EveryAsync(_monitoring.Timings.RconCheck, CheckRconAsync, first: true, cancellationToken));
        if (_settings.EnableAlerts || _settings.EnableUpsStat)
        {
            loops.Add(EveryAsync(TimeSpan.FromSeconds(_settings.AlertCheckInterval), SampleAsync, first: true, cancellationToken));
        }

        if (_settings.EnableStatsCollector)
        {
            loops.Add(EveryAsync(TimeSpan.FromSeconds(_settings.StatsInterval), CollectStatsAsync, first: false, cancellationToken));
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    /// <summary>One interval UPS sample and, with alerts on, the alert decision.</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        UpsReading? reading;
        UpsEstimator estimator;
        lock (_gate)
        {
            estimator = Sampler.Estimator;
        }

        try
        {
            await ReadSpeedAsync(false, cancellationToken).ConfigureAwait(false);
            reading = await Rcon.SampleUpsAsync(estimator, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (RconException e)
        {
            Log.SampleFailed(_logger, _tag, e.Message);
            return;
        }

        if (reading is not { } value)
        {
            return;
        }

        UpsAlertDecision? decision = null;
        UpsAlertState state;
        UpsSample sample;
        lock (_gate)
        {
            if (!ReferenceEquals(estimator, Sampler.Estimator))
            {
                return; // the server started again while this sample was in flight
            }

            sample = Sampler.Add(value, _speed);
            if (_settings.EnableAlerts)
            {
                decision = _alerts.Evaluate(sample, Sampler.Readings, _time.GetUtcNow());
            }

            state = _alerts.State;
        }

        await RecordHistoryAsync(sample, cancellationToken).ConfigureAwait(false);
        if (decision is not null)
        {
            await SaveAlertStateAsync(state, cancellationToken).ConfigureAwait(false);
            await _publish(MonitorEvents.Alert(_tag, _monitoring.Label, decision, _settings.UpsWarningThreshold, _settings.AlertCheckInterval, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One stats round: a <c>stats</c> event, or one "unreachable" notice while RCON is down. With
    /// <c>stats_mode: edit</c> nothing is posted: the round updates <see cref="LastStats"/>, which the status board shows.
    /// </summary>
    public async Task CollectStatsAsync(CancellationToken cancellationToken)
    {
        var edit = _monitoring.EditsStatusMessage;
        StatsReading stats;
        try
        {
            stats = await ReadStatsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RconException e)
        {
            Log.StatsFailed(_logger, _tag, e.Message);
            MarkStatsChanged();
            if (!_unreachablePosted && !edit)
            {
                _unreachablePosted = true;
                DateTimeOffset? since;
                lock (_gate)
                {
                    since = _health.IsUp ? null : _health.Since;
                }

                await _publish(MonitorEvents.StatsUnreachable(_tag, _monitoring.Label, since, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        _unreachablePosted = false;
        if (!edit)
        {
            await _publish(MonitorEvents.Stats(_tag, _monitoring.Label, stats, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads the stats over RCON now (players, map time, evolution, research; UPS is the last interval sample, never a
    /// new one) and keeps them as <see cref="LastStats"/>. On-demand readers (<c>/factorio status</c>) may call it.
    /// </summary>
    /// <exception cref="RconException">RCON is down or failed.</exception>
    public async Task<StatsReading> ReadStatsAsync(CancellationToken cancellationToken)
    {
        await ReadSpeedAsync(true, cancellationToken).ConfigureAwait(false);
        var players = await Rcon.GetOnlinePlayersAsync(cancellationToken).ConfigureAwait(false);
        var age = await Rcon.GetMapAgeAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyDictionary<string, double>? evolution = null;
        ResearchStatus? research = null;
        if (!_monitoring.AchievementSafe)
        {
            var commands = await Rcon.GetCommandsAsync(cancellationToken).ConfigureAwait(false);
            if (_settings.EnableEvolutionStat)
            {
                evolution = await Rcon.GetEvolutionAsync(cancellationToken).ConfigureAwait(false);
            }

            var reply = await Rcon.ExecuteAsync(commands.Research(), cancellationToken).ConfigureAwait(false);
            research = FactorioReplies.TryParseResearch(reply, out var parsed) ? parsed : null;
        }

        UpsSample? ups;
        lock (_gate)
        {
            ups = _settings.EnableUpsStat ? Sampler.Last : null;
        }

        var stats = new StatsReading(ups, [.. players.Select(p => p.Name)], age, evolution, research);
        KeepStats(stats);
        return stats;
    }

    /// <summary>Looks at the connection once: lost and restored notices, and the <c>interval</c> mode's summary.</summary>
    public async Task CheckRconAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        RconNotice? notice;
        bool up;
        DateTimeOffset? since;
        lock (_gate)
        {
            var wasUp = _health.IsUp;
            notice = _health.Observe(Client.IsConnected, now);
            up = _health.IsUp;
            since = _health.Since;
            if (up != wasUp)
            {
                MarkStatsChanged();
            }
        }

        if (notice is not null)
        {
            Log.RconChange(_logger, _tag, notice.Lost ? "lost" : "restored", MonitorEvents.Duration(notice.Downtime));
            await _publish(MonitorEvents.Rcon(_tag, _monitoring.Label, notice, now), cancellationToken).ConfigureAwait(false);
        }

        if (_settings.RconStatusAlertMode == RconStatusAlertMode.Interval
            && (_lastSummary is not { } last || now - last >= TimeSpan.FromSeconds(_settings.RconStatusAlertInterval)))
        {
            _lastSummary = now;
            await _publish(MonitorEvents.RconSummary(_tag, _monitoring.Label, up, since, now), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The log showed a clean stop (<c>Goodbye</c>, <c>Quitting:</c>): the RCON loss that follows is no alarm.</summary>
    public void OnCleanStop()
    {
        lock (_gate)
        {
            _health.NoteCleanStop(_time.GetUtcNow());
        }
    }

    /// <summary>The log showed a start (the map is loaded): UPS state starts again.</summary>
    public void OnStarted()
    {
        lock (_gate)
        {
            _health.NoteStart();
            Sampler.Reset();
            _speedGeneration = -1;
        }

        MarkStatsChanged();
    }

    public async ValueTask DisposeAsync()
    {
        Rcon.Dispose();
        await Client.DisposeAsync().ConfigureAwait(false);
    }

    private async Task ReadSpeedAsync(bool force, CancellationToken cancellationToken)
    {
        if (_monitoring.AchievementSafe || (!force && _speedGeneration == Client.ConnectionGeneration && Client.IsConnected))
        {
            return;
        }

        var commands = await Rcon.GetCommandsAsync(cancellationToken).ConfigureAwait(false);
        var reply = await Rcon.ExecuteAsync(commands.GetSpeed(), cancellationToken).ConfigureAwait(false);
        if (double.TryParse(reply.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var speed) && speed > 0)
        {
            lock (_gate)
            {
                _speed = speed;
                _speedGeneration = Client.ConnectionGeneration;
            }
        }
    }

    private async Task SaveAlertStateAsync(UpsAlertState state, CancellationToken cancellationToken)
    {
        try
        {
            await _store.SaveMonitorStateAsync(_tag, AlertStateKey, Encode(state), cancellationToken).ConfigureAwait(false);
        }
        catch (StateStoreException e)
        {
            Log.StateNotSaved(_logger, _tag, e.Message);
        }
    }

    private async Task EveryAsync(TimeSpan interval, Func<CancellationToken, Task> step, bool first, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, _time);
        try
        {
            if (first)
            {
                await StepAsync(step, cancellationToken).ConfigureAwait(false);
            }

            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await StepAsync(step, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is System.Threading.Channels.ChannelClosedException or ObjectDisposedException)
        {
            // The ingest queue or the store closed: the pipeline stops.
        }
    }

    /// <summary>One step; a failure the step did not expect is logged and the loop goes on (a monitor never stops the server's runtime).</summary>
    private async Task StepAsync(Func<CancellationToken, Task> step, CancellationToken cancellationToken)
    {
        try
        {
            await step(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not System.Threading.Channels.ChannelClosedException and not ObjectDisposedException)
        {
            Log.StepFailed(_logger, _tag, e.Message);
        }
    }

    /// <summary><c>active;lowSinceMs;lastAlertMs</c> (empty parts are null).</summary>
    internal static string Encode(UpsAlertState state) => string.Join(';',
        state.Active ? "1" : "0",
        state.LowSince?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) ?? "",
        state.LastAlertAt?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) ?? "");

    internal static UpsAlertState? Decode(string? text)
    {
        var parts = text?.Split(';');
        if (parts is not { Length: 3 })
        {
            return null;
        }

        static DateTimeOffset? At(string part) =>
            long.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        return new UpsAlertState(parts[0] == "1", At(parts[1]), At(parts[2]));
    }
}
