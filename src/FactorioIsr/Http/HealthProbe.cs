using FactorioIsr.Health;

namespace FactorioIsr.Http;

/// <summary>
/// The liveness rule of <c>/health</c>: the process is alive unless it can no longer make progress, that is the ingest
/// writer has had work queued without committing for longer than <see cref="StallThreshold"/>, or the state store has
/// refused commits for that long. A slow disk or a short outage is not a reason to restart the process.
/// </summary>
internal sealed class HealthProbe(TimeProvider time)
{
    private readonly Lock _lock = new();
    private long _stateErrorSince;
    private long _queuedSince;

    /// <summary>How long a stall may last before liveness fails.</summary>
    public TimeSpan StallThreshold { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Null while alive; otherwise why not (one line).</summary>
    public string? Check(HealthSnapshot snapshot)
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            _stateErrorSince = snapshot.State.Error is null ? 0 : (_stateErrorSince == 0 ? now : _stateErrorSince);
            _queuedSince = snapshot.Ingest.Queued == 0 ? 0 : (_queuedSince == 0 ? now : _queuedSince);

            if (_stateErrorSince != 0 && time.GetElapsedTime(_stateErrorSince, now) >= StallThreshold)
            {
                return $"the state store has refused commits for {Seconds(time.GetElapsedTime(_stateErrorSince, now))} s: {snapshot.State.Error}";
            }

            // Stalled: work has waited the whole threshold and nothing was committed in that time.
            var sinceCommit = snapshot.Ingest.SinceLastCommit;
            if (_queuedSince != 0 && time.GetElapsedTime(_queuedSince, now) >= StallThreshold && (sinceCommit is null || sinceCommit >= StallThreshold))
            {
                return $"the ingest writer has not committed for {Seconds(sinceCommit ?? time.GetElapsedTime(_queuedSince, now))} s with {snapshot.Ingest.Queued} item(s) queued";
            }

            return null;
        }
    }

    private static long Seconds(TimeSpan span) => (long)span.TotalSeconds;
}
