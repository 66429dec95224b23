using FactorioIsr.Rcon.Factorio;
using FactorioIsr.State;

namespace FactorioIsr.Security;

/// <summary>The monitor's actions in game: taking them (audited, limited), the active ones, their expiry, pardons.</summary>
internal sealed partial class SecurityMonitor
{
    /// <summary>How often expiries are looked for.</summary>
    public static readonly TimeSpan ExpiryInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long one RCON action may take.</summary>
    private static readonly TimeSpan ActionTimeout = TimeSpan.FromSeconds(10);

    /// <summary>After a failed undo (RCON down), the next try waits this long.</summary>
    private static readonly TimeSpan RetryUndo = TimeSpan.FromSeconds(10);

    private readonly Lock _activeGate = new();
    private readonly Dictionary<string, SecurityActionRecord> _active = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _undoRetryAt = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _undoGate = new(1, 1);

    public void Dispose() => _undoGate.Dispose();

    /// <summary>The mutes and bans in force (of one server when given), the soonest to expire first.</summary>
    public IReadOnlyList<SecurityActionRecord> ActiveActions(string? server = null)
    {
        lock (_activeGate)
        {
            return [.. _active.Values.Where(a => server is null || a.Server == server).OrderBy(a => a.ExpiresAt ?? DateTimeOffset.MaxValue).ThenBy(a => a.Player, StringComparer.OrdinalIgnoreCase)];
        }
    }

    /// <summary>
    /// Undoes every action in force on <paramref name="player"/> on <paramref name="server"/> (unban, unmute; audited
    /// with <paramref name="by"/>) and forgets the player's rate-limit windows. Returns one line per action undone.
    /// </summary>
    public async Task<IReadOnlyList<string>> PardonAsync(string server, string player, string by, CancellationToken cancellationToken)
    {
        var results = new List<string>();
        foreach (var action in ActiveActions(server).Where(a => string.Equals(a.Player, player, StringComparison.OrdinalIgnoreCase)))
        {
            var (undone, result) = await UndoAsync(action, $"pardoned by {by}", cancellationToken).ConfigureAwait(false);
            results.Add($"{action.Action}: {(undone ? "undone" : "not undone")} ({result})");
        }

        lock (_limitsGate)
        {
            _limits.GetValueOrDefault(server)?.Forget(player);
        }

        return results;
    }

    private static string Key(string server, string player, string action) => server + "\n" + player.ToLowerInvariant() + "\n" + action;

    private async Task<string> ActAsync(SecmonConfig config, string server, string player, DateTimeOffset at, bool trusted, Finding finding, CancellationToken cancellationToken)
    {
        var action = finding.Action;
        if (action.Kind == SecurityActionKind.Alert)
        {
            return "alert";
        }

        if (trusted)
        {
            return $"none: {player} is a trusted player (the rule's action is {action})";
        }

        var now = _time.GetUtcNow();
        if (config.MaxLineAge > TimeSpan.Zero && now - at > config.MaxLineAge)
        {
            return $"none: the line is {SecurityDurations.Format(now - at)} old (read from a backlog); {action} is taken only for lines younger than {SecurityDurations.Format(config.MaxLineAge)}";
        }

        if (!PlayerName.IsValid(player))
        {
            return $"none: '{player}' cannot be named in an RCON command (letters, digits, '.', '-', '_'); {action} not taken";
        }

        var name = action.Kind.ToString().ToLowerInvariant();
        lock (_activeGate)
        {
            if (action.Kind != SecurityActionKind.Kick && _active.ContainsKey(Key(server, player, name)))
            {
                return $"none: {player} is already {(action.Kind == SecurityActionKind.Ban ? "banned" : "muted")}";
            }
        }

        if (_servers.Rcon(server) is not { } rcon)
        {
            return $"none: {server} has no RCON; {action} not taken";
        }

        if (!_actionLimiter.TryTake(server, now, config.ActionLimit))
        {
            Log.ActionLimited(_logger, server, config.ActionLimit.MaxActions, (int)config.ActionLimit.Window.TotalSeconds);
            return $"withheld: the action limit ({config.ActionLimit.MaxActions} per {SecurityDurations.Format(config.ActionLimit.Window)}) is reached; {action} not taken";
        }

        var reason = $"ISR security monitor: {finding.Rule}";
        var command = action.Kind switch
        {
            SecurityActionKind.Mute => FactorioCommands.Mute(player),
            SecurityActionKind.Kick => FactorioCommands.Kick(player, reason),
            _ => FactorioCommands.Ban(player, reason),
        };
        var arguments = action.Kind == SecurityActionKind.Mute ? $"player={player}" : $"player={player} reason={reason}";
        if (action.Duration is { } duration)
        {
            arguments += $" duration={SecurityDurations.Format(duration)}";
        }

        // The row (with its expiry) is written before the command: a crash between the two leaves at worst an undo of
        // something not done (harmless), never a temporary ban that nothing will lift.
        SecurityActionRecord? record = null;
        if (action.Kind != SecurityActionKind.Kick)
        {
            record = new SecurityActionRecord(server, player, name, finding.Rule, now, action.Duration is { } d ? now + d : null);
            await _store.SaveSecurityActionAsync(record, cancellationToken).ConfigureAwait(false);
        }

        var (ok, result) = await ExecuteAsync(rcon, command, cancellationToken).ConfigureAwait(false);
        if (record is not null)
        {
            if (ok)
            {
                lock (_activeGate)
                {
                    _active[Key(server, player, name)] = record;
                }
            }
            else
            {
                await _store.RemoveSecurityActionAsync(server, player, name, cancellationToken).ConfigureAwait(false);
            }
        }

        await PublishAuditAsync(server, player, name, arguments, result, cancellationToken).ConfigureAwait(false);
        if (!ok)
        {
            return $"{action} failed: {result}";
        }

        return result.Length == 0 ? action.ToString() : $"{action} ({SecurityEvents.Truncate(result)})";
    }

    private static async Task<(bool Ok, string Result)> ExecuteAsync(FactorioRcon rcon, RconCommand command, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ActionTimeout);
        try
        {
            var reply = await rcon.ExecuteAsync(command, timeout.Token).ConfigureAwait(false);
            return (true, reply.Trim());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, $"no reply within {ActionTimeout.TotalSeconds:0} s");
        }
#pragma warning disable CA1031 // an RCON failure (down, refused, disposed) is the action's result, reported and audited
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return (false, e.Message);
        }
    }

    private async Task PublishAuditAsync(string server, string player, string command, string arguments, string result, CancellationToken cancellationToken)
    {
        var audit = SecurityEvents.Audit(server, player, command, arguments, result, _time.GetUtcNow());
        if (!await _servers.PublishAsync(server, audit, cancellationToken).ConfigureAwait(false))
        {
            Log.NotPublished(_logger, server, "audit of " + command);
        }
    }

    private async Task RunExpiryAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(ExpiryInterval, _time, cancellationToken).ConfigureAwait(false);
                await ExpireAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Undoes every action whose expiry has passed (tests call it under a fake clock).</summary>
    public async Task ExpireAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        List<SecurityActionRecord> due;
        lock (_activeGate)
        {
            due = [.. _active.Values.Where(a => a.ExpiresAt is { } at && at <= now)];
        }

        foreach (var action in due)
        {
            var key = Key(action.Server, action.Player, action.Action);
            if (_undoRetryAt.TryGetValue(key, out var retry) && retry > now)
            {
                continue;
            }

            try
            {
                await UndoAsync(action, $"expired after {SecurityDurations.Format(action.ExpiresAt!.Value - action.StartedAt)}", cancellationToken).ConfigureAwait(false);
            }
            catch (StateStoreException e)
            {
                Log.ProcessFailed(_logger, key.Replace('\n', '/'), e.Message);
                _undoRetryAt[key] = now + RetryUndo;
            }
        }
    }

    private async Task<(bool Undone, string Result)> UndoAsync(SecurityActionRecord action, string why, CancellationToken cancellationToken)
    {
        await _undoGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var key = Key(action.Server, action.Player, action.Action);
            lock (_activeGate)
            {
                if (!_active.ContainsKey(key))
                {
                    return (true, "already undone");
                }
            }

            if (_servers.Rcon(action.Server) is not { } rcon)
            {
                _undoRetryAt[key] = _time.GetUtcNow() + RetryUndo;
                return (false, $"{action.Server} has no RCON now; tried again later");
            }

            var (command, verb) = action.Action == "ban" ? (FactorioCommands.Unban(action.Player), "unban") : (FactorioCommands.Unmute(action.Player), "unmute");
            var (ok, result) = await ExecuteAsync(rcon, command, cancellationToken).ConfigureAwait(false);
            await PublishAuditAsync(action.Server, action.Player, verb, $"player={action.Player} ({action.Action} {why})", result, cancellationToken).ConfigureAwait(false);
            if (!ok)
            {
                Log.UndoFailed(_logger, verb, action.Player, action.Server, result);
                _undoRetryAt[key] = _time.GetUtcNow() + RetryUndo;
                return (false, result);
            }

            await _store.RemoveSecurityActionAsync(action.Server, action.Player, action.Action, cancellationToken).ConfigureAwait(false);
            lock (_activeGate)
            {
                _active.Remove(key);
            }

            _undoRetryAt.TryRemove(key, out _);
            Log.Undone(_logger, verb, action.Player, action.Server, why);
            return (true, result.Length == 0 ? "ok" : result);
        }
        finally
        {
            _undoGate.Release();
        }
    }
}
