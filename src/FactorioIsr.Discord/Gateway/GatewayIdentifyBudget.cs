namespace FactorioIsr.Discord.Gateway;

/// <summary>
/// When the next Identify may be sent: the <c>session_start_limit</c> of <c>GET /gateway/bot</c> (no identify while
/// <c>remaining</c> is 0, until <c>reset_after</c> has passed: going over the daily 1000 resets the token) and at most
/// one Identify per <c>spacing</c> (this client runs one shard, so <c>max_concurrency</c> never allows more than one
/// per 5 s window). Resumes do not count. Used by one run loop at a time.
/// </summary>
internal sealed class GatewayIdentifyBudget(TimeProvider time, TimeSpan spacing)
{
    private int _total = 1000;
    private int _remaining = 1;
    private DateTimeOffset _resetAt = DateTimeOffset.MinValue;
    private DateTimeOffset? _last;

    /// <summary>Identifies left before the reset, as far as this client knows.</summary>
    public int Remaining => _remaining;

    /// <summary>Takes the limit Discord just reported.</summary>
    public void Update(int total, int remaining, TimeSpan resetAfter, int maxConcurrency)
    {
        _ = maxConcurrency; // One shard: bucket 0 only; the spacing alone keeps it within max_concurrency per 5 s.
        _total = Math.Max(total, 1);
        _remaining = Math.Max(remaining, 0);
        _resetAt = time.GetUtcNow() + resetAfter;
    }

    /// <summary>How long until an Identify is allowed; zero when it is now.</summary>
    public TimeSpan Delay()
    {
        var now = time.GetUtcNow();
        var wait = TimeSpan.Zero;
        if (_remaining <= 0)
        {
            if (now >= _resetAt)
            {
                _remaining = _total;
            }
            else
            {
                wait = _resetAt - now;
            }
        }

        if (_last is { } last && last + spacing - now > wait)
        {
            wait = last + spacing - now;
        }

        return wait;
    }

    /// <summary>Waits until <see cref="Delay"/> is zero, then counts one Identify.</summary>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        for (var wait = Delay(); wait > TimeSpan.Zero; wait = Delay())
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }

        _remaining--;
        _last = time.GetUtcNow();
    }
}
