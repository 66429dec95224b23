using System.Threading.Channels;
using FactorioIsr.Events;
using FactorioIsr.Ingest;
using FactorioIsr.State;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Security;

/// <summary>
/// The security monitor. It observes each committed <c>chat</c> and <c>command</c> event once
/// (<see cref="ICommittedEventObserver"/>), runs the content rules and the per-player rate limits (on the lines' own
/// timestamps), records each infraction in the state store, publishes a <c>security</c> alert to the private route,
/// and takes the rule's action in game through the RCON builders (audited), never on a trusted player, within the
/// action limit. Temporary mutes and bans are undone on expiry, also after a restart (their rows are in the store).
/// The configuration is read per event, so a reload of secmon.yml applies to the next line. Commands and the chat
/// bridge call <see cref="CheckOutgoing"/>, <see cref="RecentInfractionsAsync"/>, <see cref="ActiveActions"/> and
/// <see cref="PardonAsync"/>.
/// </summary>
internal sealed partial class SecurityMonitor : ICommittedEventObserver, IDisposable
{
    /// <summary>Server chat and commands (RCON, the console, our own bridge) carry this player name.</summary>
    public const string ServerPlayer = "<server>";

    private readonly Func<SecmonConfig> _config;
    private readonly ISecurityServers _servers;
    private readonly IStateStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<FactorioEvent> _queue = Channel.CreateUnbounded<FactorioEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, RateLimits> _limits = new(StringComparer.Ordinal);
    private readonly Lock _limitsGate = new();
    private readonly ActionLimiter _actionLimiter = new();
    private bool? _announced;

    public SecurityMonitor(Func<SecmonConfig> config, ISecurityServers servers, IStateStore store, TimeProvider time, ILogger logger)
    {
        _config = config;
        _servers = servers;
        _store = store;
        _time = time;
        _logger = logger;
    }

    /// <summary>Events processed so far (tests wait on it).</summary>
    public long Processed => Interlocked.Read(ref _processed);

    private long _processed;
    private long _queued;

    /// <summary>True when nothing observed is waiting.</summary>
    public bool Idle => Interlocked.Read(ref _queued) == Interlocked.Read(ref _processed);

    public bool Observes(FactorioEvent @event) =>
        @event.Source != LogSourceKind.Monitor && (@event.Type is "chat" or "command") && @event.Player is { Length: > 0 } player && player != ServerPlayer;

    public void Committed(IReadOnlyList<FactorioEvent> events)
    {
        if (!_config().Enabled)
        {
            return;
        }

        foreach (var @event in events)
        {
            Interlocked.Increment(ref _queued);
            _queue.Writer.TryWrite(@event);
        }
    }

    /// <summary>
    /// Text from Discord about to enter the game (chat bridge, broadcast, whisper), checked by the same content rules:
    /// refuse to send it when <see cref="OutgoingVerdict.Allowed"/> is false. Allowed when the monitor is off.
    /// </summary>
    public OutgoingVerdict CheckOutgoing(string text)
    {
        var config = _config();
        if (!config.Enabled)
        {
            return OutgoingVerdict.Allow;
        }

        return ContentRules.Check(text, rule => config.Patterns.TryGetValue(rule, out var r) && r.Enabled) is { } finding
            ? new OutgoingVerdict(false, finding.Rule, SecurityEvents.Truncate(finding.Evidence), finding.Why)
            : OutgoingVerdict.Allow;
    }

    /// <summary>The newest infractions first (of one server and/or player when given).</summary>
    public ValueTask<IReadOnlyList<SecurityInfraction>> RecentInfractionsAsync(string? server, string? player, int max, CancellationToken cancellationToken) =>
        _store.LoadInfractionsAsync(server, player, max, cancellationToken);

    /// <summary>Loads the actions in force (their expiry survives a restart); call before <see cref="RunAsync"/>.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        foreach (var action in await _store.LoadSecurityActionsAsync(cancellationToken).ConfigureAwait(false))
        {
            lock (_activeGate)
            {
                _active[Key(action.Server, action.Player, action.Action)] = action;
            }
        }

        Announce(_config());
    }

    /// <summary>Processes observed events and undoes expired actions until cancelled, or until <see cref="Complete"/> and drained.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var expiryStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var expiry = RunExpiryAsync(expiryStop.Token);
        try
        {
            await foreach (var @event in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await ProcessAsync(@event, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is StateStoreException or InvalidOperationException or ObjectDisposedException)
                {
                    Log.ProcessFailed(_logger, @event.Id, e.Message);
                }
                finally
                {
                    Interlocked.Increment(ref _processed);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await expiryStop.CancelAsync().ConfigureAwait(false);
            await expiry.ConfigureAwait(false);
        }
    }

    /// <summary>No more events: <see cref="RunAsync"/> ends once the queue is drained.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    private async Task ProcessAsync(FactorioEvent @event, CancellationToken cancellationToken)
    {
        var config = _config();
        Announce(config);
        if (!config.Enabled || @event.Player is not { } player)
        {
            return;
        }

        var text = @event.Message ?? string.Empty;
        var at = LineTimestamp.Parse(@event.Raw, _time.LocalTimeZone) ?? @event.Timestamp;
        var trusted = config.IsTrusted(player);
        var findings = new List<Finding>();
        var isChat = @event.Type == "chat";

        // Commands (/c by a player allowed to run Lua) are Lua by definition: only a traversal in them is an attack.
        if (ContentRules.Check(text, rule => (isChat || rule == SecurityRuleNames.PathTraversal) && config.Patterns.TryGetValue(rule, out var r) && r.Enabled) is { } content)
        {
            var rule = config.Patterns[content.Rule];
            findings.Add(new Finding(content.Rule, rule.Severity, rule.Action, content.Why, content.Evidence));
        }

        if (isChat && !trusted)
        {
            List<RateFinding> exceeded;
            lock (_limitsGate)
            {
                exceeded = Limits(@event.Server).Observe(player, text, at, config.RateLimits);
            }

            foreach (var found in exceeded)
            {
                var why = $"more than {found.Limit.MaxEvents} in {ContentRules.Describe(found.Limit.Window)} ({found.Count})";
                findings.Add(new Finding(found.Rule, found.Limit.Severity, found.Limit.Action, why, text));
            }
        }

        foreach (var finding in findings)
        {
            await HandleAsync(config, @event, player, at, trusted, finding, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(SecmonConfig config, FactorioEvent @event, string player, DateTimeOffset at, bool trusted, Finding finding, CancellationToken cancellationToken)
    {
        var outcome = await ActAsync(config, @event.Server, player, at, trusted, finding, cancellationToken).ConfigureAwait(false);
        var evidence = SecurityEvents.Truncate(finding.Evidence);
        await _store.RecordInfractionAsync(
            new SecurityInfraction(0, @event.Server, player, finding.Rule, SecurityEvents.Name(finding.Severity), evidence, outcome, at),
            cancellationToken).ConfigureAwait(false);
        Log.Infraction(_logger, finding.Rule, player, @event.Server, outcome);
        var alert = SecurityEvents.Alert(config.Route, @event.Server, player, finding.Rule, finding.Severity, finding.Why, finding.Evidence, outcome, at, @event.Id, _time.GetUtcNow());
        if (!await _servers.PublishAsync(@event.Server, alert, cancellationToken).ConfigureAwait(false))
        {
            Log.NotPublished(_logger, @event.Server, finding.Rule);
        }
    }

    private RateLimits Limits(string server)
    {
        if (!_limits.TryGetValue(server, out var limits))
        {
            _limits[server] = limits = new RateLimits();
        }

        return limits;
    }

    private void Announce(SecmonConfig config)
    {
        if (_announced == config.Enabled)
        {
            return;
        }

        _announced = config.Enabled;
        if (config.Enabled)
        {
            Log.On(_logger, config.SourcePath ?? SecmonConfig.FileName, config.TrustedPlayers.Count);
        }
        else
        {
            Log.Off(_logger, config.SourcePath is null ? "no secmon.yml beside servers.yml" : "enabled: false in " + config.SourcePath);
        }
    }

    private sealed record Finding(string Rule, SecuritySeverity Severity, SecurityAction Action, string Why, string Evidence);
}

/// <summary>The verdict on text about to enter the game.</summary>
internal sealed record OutgoingVerdict(bool Allowed, string? Rule, string? Evidence, string? Why)
{
    public static OutgoingVerdict Allow { get; } = new(true, null, null, null);
}
