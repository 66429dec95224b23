using System.Net.WebSockets;
using System.Threading.Channels;
using FactorioIsr.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Discord.Gateway;

/// <summary>
/// Discord's gateway (discord.md §1) over one <see cref="ClientWebSocket"/>, JSON, one shard: <c>GET /gateway/bot</c>
/// for the URL and the identify budget, Hello and a jittered heartbeat, Identify with the union of the handlers'
/// intents, READY, Resume through <c>resume_gateway_url</c>, op 7, op 9, zombie detection, and the close codes (the
/// fatal ones stop it with <see cref="GatewayStatus.FatalError"/>, the others reconnect with a backoff). Dispatches go
/// through a bounded queue to the handlers, in order, so a slow handler never delays a heartbeat ACK.
/// </summary>
/// <remarks>
/// The session lives in memory only: a new process identifies. On shutdown the socket is closed with
/// <see cref="GatewayCloseCodes.Resumable"/>, never 1000/1001, which would end the session at once.
/// </remarks>
internal sealed partial class GatewayClient : IGatewayPresence
{
    private readonly DiscordRestClient _rest;
    private readonly GatewayClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GatewayClient> _logger;
    private readonly GatewayIdentifyBudget _budget;
    private readonly Lock _statusLock = new();
    private GatewayStatus _status = GatewayStatus.Initial;
    private int _running;

    // Presence: written by SetPresenceAsync, read by the connection after READY/RESUMED.
    private volatile GatewayPresence? _presence;
    private volatile bool _presencePending;
    private volatile GatewayConnection? _live;

    // The session: the run loop's own (READY writes it from the receive loop of the same run).
    private string? _sessionId;
    private Uri? _resumeUrl;
    private Uri? _gatewayUrl;
    private long _sequence = -1;

    public GatewayClient(DiscordRestClient rest, GatewayClientOptions options, TimeProvider time, ILogger<GatewayClient> logger)
    {
        _rest = rest ?? throw new ArgumentNullException(nameof(rest));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _budget = new GatewayIdentifyBudget(time, options.IdentifySpacing);
    }

    /// <summary>The gateway now.</summary>
    public GatewayStatus Status
    {
        get
        {
            lock (_statusLock)
            {
                return _status;
            }
        }
    }

    /// <summary>
    /// Connects and keeps the session until <paramref name="cancellationToken"/> is cancelled (then closes with a
    /// resumable code and returns) or a fatal close stops it (then returns with <see cref="GatewayStatus.FatalError"/> set).
    /// </summary>
    public async Task RunAsync(IEnumerable<IGatewayEventHandler> handlers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("The gateway is already running.");
        }

        var list = handlers.ToList();
        var intents = list.Aggregate(GatewayIntents.None, (all, h) => all | h.Intents);
        var queue = Channel.CreateBounded<GatewayDispatch>(new BoundedChannelOptions(Math.Max(1, _options.DispatchQueueCapacity))
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var dispatchStop = new CancellationTokenSource();
        var dispatcher = Task.Run(() => DispatchLoopAsync(list, queue.Reader, dispatchStop.Token), CancellationToken.None);
        Update(s => s with { Running = true, State = GatewayState.Connecting, FatalError = null, Intents = intents });
        try
        {
            await ConnectLoopAsync(intents, queue.Writer, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            queue.Writer.TryComplete();
            await dispatchStop.CancelAsync().ConfigureAwait(false);
            await dispatcher.ConfigureAwait(false);
            _live = null;
            Update(s => s with { Running = false, State = GatewayState.Stopped });
            Volatile.Write(ref _running, 0);
        }
    }

    /// <inheritdoc/>
    public async ValueTask SetPresenceAsync(GatewayPresence presence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presence);
        _presence = presence;
        _presencePending = true;
        if (_live is { } live)
        {
            await SendPresenceAsync(live, presence, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ConnectLoopAsync(GatewayIntents intents, ChannelWriter<GatewayDispatch> dispatches, CancellationToken cancellationToken)
    {
        var backoff = _options.ReconnectBackoff.Delays().GetEnumerator();
        var opened = 0L;
        var resumeFailures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var resume = _sessionId is not null && _resumeUrl is not null;
            Uri url;
            if (resume)
            {
                Update(s => s with { State = GatewayState.Resuming });
                url = _resumeUrl!;
            }
            else
            {
                Update(s => s with { State = GatewayState.Connecting, SessionId = null, Sequence = null });
                var fatal = await RefreshGatewayAsync(cancellationToken).ConfigureAwait(false);
                if (fatal is not null)
                {
                    Stop(fatal);
                    return;
                }

                if (_gatewayUrl is null)
                {
                    await WaitAsync(Next(backoff), "GET /gateway/bot failed", cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var wait = _budget.Delay();
                if (wait > TimeSpan.Zero)
                {
                    Log.IdentifyWait(_logger, wait, _budget.Remaining);
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                }

                url = _gatewayUrl;
            }

            if (opened++ > 0)
            {
                Update(s => s with { Reconnects = s.Reconnects + 1 });
            }

            var end = await RunConnectionAsync(WithQuery(url), resume, intents, dispatches, cancellationToken).ConfigureAwait(false);
            switch (end.Kind)
            {
                case EndKind.Stopped:
                    return;
                case EndKind.Fatal:
                    Stop(GatewayCloseCodes.FatalMessage(end.Code ?? 0, intents));
                    return;
                case EndKind.Identify:
                    ClearSession();
                    break;
                case EndKind.InvalidSession:
                    ClearSession();
                    var min = _options.InvalidSessionDelayMin;
                    var spread = Math.Max(0, (_options.InvalidSessionDelayMax - min).TotalMilliseconds);
                    await WaitAsync(min + TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * spread), end.Reason, cancellationToken).ConfigureAwait(false);
                    continue;
                default:
                    break;
            }

            if (end.Connected)
            {
                resumeFailures = 0;
                backoff = _options.ReconnectBackoff.Delays().GetEnumerator();
            }
            else if (resume && ++resumeFailures >= _options.MaxResumeAttempts)
            {
                Log.ResumeGaveUp(_logger, resumeFailures);
                resumeFailures = 0;
                ClearSession();
            }

            await WaitAsync(end.Connected ? TimeSpan.Zero : Next(backoff), end.Reason, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Asks <c>GET /gateway/bot</c> for the URL and the budget; the fatal error when the token is rejected.</summary>
    private async Task<string?> RefreshGatewayAsync(CancellationToken cancellationToken)
    {
        try
        {
            var bot = await _rest.GetGatewayBotAsync(cancellationToken).ConfigureAwait(false);
            var limit = bot.SessionStartLimit;
            _budget.Update(limit.Total, limit.Remaining, TimeSpan.FromMilliseconds(limit.ResetAfter), limit.MaxConcurrency);
            _gatewayUrl = _options.GatewayUrl ?? (Uri.TryCreate(bot.Url, UriKind.Absolute, out var u) ? u : _gatewayUrl);
        }
        catch (DiscordRestException e) when (e.IsUnauthorized)
        {
            return "Discord rejected the bot token (GET /gateway/bot: 401 Unauthorized): set a valid token (DISCORD_BOT_TOKEN or discord.token) and restart";
        }
        catch (Exception e) when (e is DiscordRestException or HttpRequestException or TimeoutException or System.Text.Json.JsonException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // A cached URL (and the budget as last known) still works; with none, the loop backs off and asks again.
            Log.GatewayBotFailed(_logger, e.Message);
            _gatewayUrl ??= _options.GatewayUrl;
        }

        return null;
    }

    private async Task WaitAsync(TimeSpan delay, string reason, CancellationToken cancellationToken)
    {
        Log.Reconnecting(_logger, reason, delay);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TimeSpan Next(IEnumerator<TimeSpan> backoff)
    {
        var delay = backoff.MoveNext() ? backoff.Current : TimeSpan.FromSeconds(60);
        // Up to half of the delay off, at random, so many instances restarted together do not reconnect together.
        return delay - (delay * (Random.Shared.NextDouble() / 2));
    }

    private void ClearSession()
    {
        _sessionId = null;
        _resumeUrl = null;
        Interlocked.Exchange(ref _sequence, -1);
        Update(s => s with { SessionId = null, Sequence = null });
    }

    private void Stop(string message)
    {
        Log.Fatal(_logger, message);
        Update(s => s with { State = GatewayState.Stopped, FatalError = message });
    }

    private void Update(Func<GatewayStatus, GatewayStatus> change)
    {
        lock (_statusLock)
        {
            _status = change(_status);
        }
    }

    private static Uri WithQuery(Uri url)
    {
        var builder = new UriBuilder(url);
        var query = builder.Query.TrimStart('?');
        builder.Query = (query.Length > 0 ? query + "&" : "") + "v=10&encoding=json";
        return builder.Uri;
    }

    private async Task DispatchLoopAsync(List<IGatewayEventHandler> handlers, ChannelReader<GatewayDispatch> reader, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var dispatch in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var handler in handlers)
                {
                    if (!handler.Events.Contains(dispatch.Type))
                    {
                        continue;
                    }

                    try
                    {
                        await handler.HandleAsync(dispatch, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception e)
                    {
                        Log.HandlerFailed(_logger, handler.GetType().Name, dispatch.Type, dispatch.Sequence, e);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: dispatches still queued are dropped; Discord replays nothing to a new process anyway.
        }
    }

    private async ValueTask SendPresenceAsync(GatewayConnection connection, GatewayPresence presence, CancellationToken cancellationToken)
    {
        try
        {
            _presencePending = false;
            await connection.SendAsync(GatewayPayloads.WritePresence(presence), priority: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Sent again after the next Identify or Resume.
            _presencePending = true;
            Log.PresenceFailed(_logger, e.Message);
        }
    }
}
