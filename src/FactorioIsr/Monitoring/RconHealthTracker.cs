namespace FactorioIsr.Monitoring;

/// <summary>
/// Turns one server's RCON connectivity, observed every few seconds, into notices: "lost" once it has been down for
/// <see cref="Debounce"/> (a shorter drop is never posted, so a flapping link does not spam), "restored" with the real
/// downtime (from the first observation down, not from the previous connect as the reference measured). A loss that
/// comes with a clean stop (<c>Goodbye</c> or <c>Quitting:</c> in the log, up to <see cref="StopWindow"/> before it,
/// or read while it is being debounced) is deliberate: neither lost nor restored is posted, the lifecycle events tell
/// that story. Pure.
/// </summary>
internal sealed class RconHealthTracker(TimeSpan debounce, TimeSpan stopWindow)
{
    private DateTimeOffset? _downSince;
    private DateTimeOffset? _upSince;
    private DateTimeOffset? _stopSeenAt;
    private Episode _episode;

    private enum Episode
    {
        None,
        Pending,
        Announced,
        Deliberate,
    }

    public TimeSpan Debounce { get; } = debounce;

    public TimeSpan StopWindow { get; } = stopWindow;

    /// <summary>Observed connected last time.</summary>
    public bool IsUp => _upSince is not null && _downSince is null;

    /// <summary>Since when the current state (up or down) holds; null before the first observation.</summary>
    public DateTimeOffset? Since => _downSince ?? _upSince;

    /// <summary>A loss was posted and no return yet.</summary>
    public bool LossAnnounced => _episode == Episode.Announced;

    /// <summary>The log showed a clean stop (<c>Goodbye</c>, <c>Quitting:</c>).</summary>
    public void NoteCleanStop(DateTimeOffset at)
    {
        _stopSeenAt = at;
        if (_episode == Episode.Pending)
        {
            _episode = Episode.Deliberate;
        }
    }

    /// <summary>The server started again (its log says so): an earlier stop no longer excuses a later loss.</summary>
    public void NoteStart() => _stopSeenAt = null;

    /// <summary>Feeds one observation; returns the notice to post, if any.</summary>
    public RconNotice? Observe(bool connected, DateTimeOffset now)
    {
        if (connected)
        {
            var episode = _episode;
            var since = _downSince;
            _episode = Episode.None;
            _downSince = null;
            if (_upSince is null || since is not null)
            {
                _upSince = now;
            }

            return episode == Episode.Announced && since is { } down ? new RconNotice(Lost: false, now - down) : null;
        }

        if (_downSince is null)
        {
            _downSince = now;
            _episode = _stopSeenAt is { } stop && stop >= now - StopWindow ? Episode.Deliberate : Episode.Pending;
        }

        if (_episode != Episode.Pending || now - _downSince.Value < Debounce)
        {
            return null;
        }

        _episode = Episode.Announced;
        return new RconNotice(Lost: true, now - _downSince.Value);
    }
}

/// <param name="Lost">True: lost; false: restored.</param>
/// <param name="Downtime">Down so far (lost) or in all (restored).</param>
internal sealed record RconNotice(bool Lost, TimeSpan Downtime);
