using FactorioIsr.Rcon.Client;

namespace FactorioIsr.Rcon.Factorio;

/// <summary>
/// Factorio on top of an <see cref="RconClient"/>. Once per connection it reads <c>/version</c> (to pick the 1.1 or
/// 2.0 Lua) and, unless <c>achievement_safe</c>, sends a Lua probe until it is answered: on a save that still has
/// achievements Factorio does not run the first Lua command but warns and asks to repeat it (factorio.md §4), so the
/// probe absorbs that instead of a real command. A Lua command answered with that warning anyway (for example after
/// a reconnect raced the probe) is sent once more.
/// </summary>
public sealed class FactorioRcon : IDisposable
{
    internal const string ProbeMarker = "isr-lua-ready";
    private readonly SemaphoreSlim _handshakeLock = new(1, 1);
    private readonly bool _achievementSafe;
    private Handshake? _handshake;

    public FactorioRcon(RconClient client, bool achievementSafe = false)
    {
        ArgumentNullException.ThrowIfNull(client);
        Client = client;
        _achievementSafe = achievementSafe;
    }

    public RconClient Client { get; }

    public bool AchievementSafe => _achievementSafe;

    /// <summary>The version read on the current connection, if a handshake has run.</summary>
    public FactorioVersion? Version => _handshake?.Commands.Version;

    /// <summary>Command builders for the connected server's version (connects and handshakes if needed).</summary>
    public async Task<FactorioCommands> GetCommandsAsync(CancellationToken cancellationToken = default)
    {
        var handshake = _handshake;
        if (handshake is not null && handshake.Generation == Client.ConnectionGeneration && Client.IsConnected)
        {
            return handshake.Commands;
        }

        await _handshakeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            handshake = _handshake;
            if (handshake is not null && handshake.Generation == Client.ConnectionGeneration && Client.IsConnected)
            {
                return handshake.Commands;
            }

            var reply = await Client.ExecuteAsync(FactorioCommands.GameVersion().Text, cancellationToken).ConfigureAwait(false);
            var generation = Client.ConnectionGeneration;
            if (!FactorioVersion.TryParse(reply, out var version))
            {
                throw new RconProtocolException($"RCON server {Client.Name} answered /version with '{Truncate(reply)}'; expected a version like 2.0.77");
            }

            if (!_achievementSafe)
            {
                await ProbeLuaAsync(cancellationToken).ConfigureAwait(false);
            }

            var commands = new FactorioCommands(version, _achievementSafe);
            _handshake = new Handshake(generation, commands);
            return commands;
        }
        finally
        {
            _handshakeLock.Release();
        }
    }

    /// <summary>Runs a built command; a Lua command refused with the achievements warning is sent once more.</summary>
    public async Task<string> ExecuteAsync(RconCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.IsLua && _achievementSafe)
        {
            throw new RconFeatureDisabledException(FactorioCommands.AchievementSafeReason);
        }

        await GetCommandsAsync(cancellationToken).ConfigureAwait(false);
        var reply = await Client.ExecuteAsync(command.Text, cancellationToken).ConfigureAwait(false);
        if (command.IsLua && FactorioReplies.IsAchievementWarning(reply))
        {
            reply = await Client.ExecuteAsync(command.Text, cancellationToken).ConfigureAwait(false);
        }

        return reply;
    }

    /// <summary><c>game.tick</c>.</summary>
    public async Task<long> GetTickAsync(CancellationToken cancellationToken = default)
    {
        var commands = await GetCommandsAsync(cancellationToken).ConfigureAwait(false);
        var reply = await ExecuteAsync(commands.Tick(), cancellationToken).ConfigureAwait(false);
        return FactorioReplies.TryParseTick(reply, out var tick)
            ? tick
            : throw new RconProtocolException($"RCON server {Client.Name} answered the tick query with '{Truncate(reply)}'");
    }

    /// <summary>The online players.</summary>
    public async Task<IReadOnlyList<FactorioPlayer>> GetOnlinePlayersAsync(CancellationToken cancellationToken = default)
    {
        var reply = await ExecuteAsync(FactorioCommands.PlayersOnline(), cancellationToken).ConfigureAwait(false);
        return FactorioReplies.ParsePlayers(reply);
    }

    /// <summary>Enemy evolution per surface.</summary>
    public async Task<IReadOnlyDictionary<string, double>> GetEvolutionAsync(CancellationToken cancellationToken = default)
    {
        var commands = await GetCommandsAsync(cancellationToken).ConfigureAwait(false);
        var reply = await ExecuteAsync(commands.Evolution(), cancellationToken).ConfigureAwait(false);
        return FactorioReplies.TryParseEvolution(reply, out var evolution)
            ? evolution
            : throw new RconProtocolException($"RCON server {Client.Name} answered the evolution query with '{Truncate(reply)}'");
    }

    /// <summary>The map age from <c>/time</c> (works in achievement-safe mode).</summary>
    public async Task<TimeSpan> GetMapAgeAsync(CancellationToken cancellationToken = default)
    {
        var reply = await ExecuteAsync(FactorioCommands.Time(), cancellationToken).ConfigureAwait(false);
        return MapAge.TryParse(reply, out var age)
            ? age
            : throw new RconProtocolException($"RCON server {Client.Name} answered /time with '{Truncate(reply)}'");
    }

    /// <summary>An estimator suited to this server: <c>game.tick</c> samples, or <c>/time</c> samples when achievement-safe.</summary>
    public UpsEstimator CreateUpsEstimator() => _achievementSafe ? UpsEstimator.ForMapAge() : UpsEstimator.ForTicks();

    /// <summary>
    /// Takes one game-time sample (<c>game.tick</c>, or <c>/time</c> when achievement-safe) and feeds it to
    /// <paramref name="estimator"/>, stamped with <paramref name="timeProvider"/>'s monotonic clock.
    /// </summary>
    public async Task<UpsReading?> SampleUpsAsync(UpsEstimator estimator, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (_achievementSafe)
        {
            var age = await GetMapAgeAsync(cancellationToken).ConfigureAwait(false);
            return estimator.ObserveMapAge(age, Monotonic(timeProvider));
        }

        var tick = await GetTickAsync(cancellationToken).ConfigureAwait(false);
        return estimator.Observe(tick, Monotonic(timeProvider));
    }

    private static TimeSpan Monotonic(TimeProvider timeProvider) =>
        TimeSpan.FromSeconds(timeProvider.GetTimestamp() / (double)timeProvider.TimestampFrequency);

    private async Task ProbeLuaAsync(CancellationToken cancellationToken)
    {
        var probe = "/sc rcon.print('" + ProbeMarker + "')";
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var reply = await Client.ExecuteAsync(probe, cancellationToken).ConfigureAwait(false);
            if (reply.Contains(ProbeMarker, StringComparison.Ordinal))
            {
                return;
            }
        }

        throw new RconException(
            $"RCON server {Client.Name} does not run Lua commands (is allow_commands disabled?); set achievement_safe: true to run without Lua",
            isTransient: false);
    }

    /// <summary>Releases the handshake lock; the <see cref="Client"/> is owned by the caller and not disposed.</summary>
    public void Dispose() => _handshakeLock.Dispose();

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "...";

    private sealed record Handshake(long Generation, FactorioCommands Commands);
}
