namespace FactorioIsr.State;

/// <summary>The security monitor's state: its infractions (the recent ones are kept) and the actions in force (with their expiry).</summary>
internal partial interface IStateStore
{
    /// <summary>Records an infraction (its <see cref="SecurityInfraction.Id"/> is assigned); the oldest beyond the newest 10,000 are dropped.</summary>
    ValueTask RecordInfractionAsync(SecurityInfraction infraction, CancellationToken cancellationToken);

    /// <summary>The newest infractions first, of one server and/or player (case-insensitive) when given.</summary>
    ValueTask<IReadOnlyList<SecurityInfraction>> LoadInfractionsAsync(string? server, string? player, int max, CancellationToken cancellationToken);

    /// <summary>Saves an action in force; one per server, player (case-insensitive) and action, replaced by a newer one.</summary>
    ValueTask SaveSecurityActionAsync(SecurityActionRecord action, CancellationToken cancellationToken);

    /// <summary>Every action in force, the soonest to expire first (permanent ones last).</summary>
    ValueTask<IReadOnlyList<SecurityActionRecord>> LoadSecurityActionsAsync(CancellationToken cancellationToken);

    /// <summary>Removes an action (expired and undone, or pardoned); false when there was none.</summary>
    ValueTask<bool> RemoveSecurityActionAsync(string server, string player, string action, CancellationToken cancellationToken);
}

/// <summary>One infraction the security monitor found.</summary>
/// <param name="Id">Assigned by the store (0 before).</param>
/// <param name="Evidence">The matched text, truncated, raw (escape it before showing it).</param>
/// <param name="Action">What was done: <c>alert</c>, <c>ban 24h</c>, <c>none: trusted player</c>, ...</param>
/// <param name="At">The line's own time.</param>
internal sealed record SecurityInfraction(long Id, string Server, string Player, string Rule, string Severity, string Evidence, string Action, DateTimeOffset At);

/// <summary>An action in force in game: a mute or a ban, undone at <paramref name="ExpiresAt"/> (null: until pardoned).</summary>
/// <param name="Action"><c>mute</c> or <c>ban</c>.</param>
internal sealed record SecurityActionRecord(string Server, string Player, string Action, string Rule, DateTimeOffset StartedAt, DateTimeOffset? ExpiresAt);
