namespace FactorioIsr.State;

/// <summary>The status board's state (schema step 8): each server's status message, and its sample history for the chart.</summary>
internal partial interface IStateStore
{
    /// <summary>The server's status message; null when none was ever made (or it was forgotten).</summary>
    ValueTask<StatusMessageRecord?> LoadStatusMessageAsync(string server, CancellationToken cancellationToken);

    /// <summary>Saves (or, with null, forgets) the server's status message; on disk when this returns.</summary>
    ValueTask SaveStatusMessageAsync(string server, StatusMessageRecord? message, CancellationToken cancellationToken);

    /// <summary>
    /// Appends one point to the server's history and drops what falls outside <paramref name="bounds"/> (older than its
    /// window before the point, or beyond its count): a bounded ring. A point at the time of an existing one replaces it.
    /// </summary>
    ValueTask AppendSampleHistoryAsync(string server, HistoryPoint point, HistoryBounds bounds, CancellationToken cancellationToken);

    /// <summary>The server's points from <paramref name="since"/> on, oldest first.</summary>
    ValueTask<IReadOnlyList<HistoryPoint>> LoadSampleHistoryAsync(string server, DateTimeOffset since, CancellationToken cancellationToken);
}

/// <summary>A server's status message.</summary>
/// <param name="ChannelId">The channel it is in (a changed status channel makes a new one).</param>
/// <param name="MessageId">Its id; null while it is being created (the create's nonce comes from <paramref name="Generation"/>).</param>
/// <param name="Generation">How many messages were made for this server: the nonce of a create, so a retry after a crash
/// between the create and this record returns the same message instead of posting a second one.</param>
internal sealed record StatusMessageRecord(string ChannelId, string? MessageId, long Generation);

/// <summary>One point of a server's sample history.</summary>
/// <param name="At">When it was sampled (kept to the millisecond).</param>
/// <param name="Ups">UPS over the interval; null when there was no reading.</param>
/// <param name="Paused">The game did not advance.</param>
/// <param name="Players">Players online at the last stats round; null before the first.</param>
internal sealed record HistoryPoint(DateTimeOffset At, double? Ups, bool Paused, int? Players);

/// <summary>How much history a server keeps: points within <paramref name="Window"/> of the newest, at most <paramref name="MaxPoints"/>.</summary>
internal sealed record HistoryBounds(TimeSpan Window, int MaxPoints)
{
    /// <summary>24 h, and at most one point per 30 s of it.</summary>
    public static HistoryBounds Default { get; } = new(TimeSpan.FromHours(24), 2880);
}
