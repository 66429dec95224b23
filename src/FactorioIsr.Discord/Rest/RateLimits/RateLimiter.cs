namespace FactorioIsr.Discord.Rest.RateLimits;

/// <summary>
/// Discord's HTTP rate limits as a state machine over an injected <see cref="TimeProvider"/>:
/// route → learned bucket hash (<c>X-RateLimit-Bucket</c>) + major parameter → <see cref="RouteBucket"/>,
/// the global per-bot limit, and 429 handling by scope. A request is never sent on a bucket known to be exhausted.
/// </summary>
internal sealed class RateLimiter(TimeProvider time, int globalRequestsPerSecond)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _hashes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RouteBucket> _buckets = new(StringComparer.Ordinal);

    public GlobalRateLimit Global { get; } = new(globalRequestsPerSecond);

    public TimeProvider Time { get; } = time;

    /// <summary>The bucket a route maps to now (learned hash if known, else the route key).</summary>
    public RouteBucket GetBucket(DiscordRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        lock (_lock)
        {
            var id = _hashes.TryGetValue(route.RouteKey, out var hash) ? hash : route.RouteKey;
            var key = id + "|" + route.MajorParameter;
            if (!_buckets.TryGetValue(key, out var bucket))
            {
                bucket = new RouteBucket(key);
                _buckets[key] = bucket;
            }

            return bucket;
        }
    }

    /// <summary>
    /// Waits until the route's bucket and (for bot routes) the global limit allow one request, and holds the
    /// bucket's gate until <see cref="Release"/>. Time passes through <see cref="Time"/>, so a FakeTimeProvider drives it.
    /// </summary>
    /// <exception cref="DiscordRateLimitedException">The wait would exceed <paramref name="maxWait"/>: the caller (the outbox) retries later instead of blocking.</exception>
    public async ValueTask<RouteBucket> AcquireAsync(DiscordRoute route, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        while (true)
        {
            var bucket = GetBucket(route);
            await bucket.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!ReferenceEquals(bucket, GetBucket(route)))
            {
                // The bucket hash was learned while we queued: go to the bucket that is now authoritative.
                bucket.Gate.Release();
                continue;
            }

            try
            {
                while (true)
                {
                    var decision = TryAcquire(route, bucket, Time.GetUtcNow());
                    if (decision.CanProceed)
                    {
                        return bucket;
                    }

                    if (decision.Wait > maxWait)
                    {
                        throw new DiscordRateLimitedException($"{route.RouteKey}: rate limited for another {decision.Wait}", decision.Wait, null, isCloudflare: false);
                    }

                    await Task.Delay(decision.Wait, Time, cancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                bucket.Gate.Release();
                throw;
            }
        }
    }

    /// <summary>One synchronous step of <see cref="AcquireAsync"/>: the caller holds the bucket's gate.</summary>
    public RateLimitDecision TryAcquire(DiscordRoute route, RouteBucket bucket, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(bucket);
        var global = route.GlobalLimited ? Global.TryAcquire(now) : Global.CheckBlocked(now);
        if (!global.CanProceed)
        {
            return global;
        }

        var local = bucket.TryAcquire(now);
        if (!local.CanProceed && route.GlobalLimited)
        {
            Global.Refund(now);
        }

        return local;
    }

    /// <summary>Learns from the response headers and releases the bucket's gate.</summary>
    public void Release(DiscordRoute route, RouteBucket bucket, RateLimitHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(headers);
        try
        {
            var now = Time.GetUtcNow();
            bucket.Update(headers, now);
            if (headers.Bucket is { Length: > 0 } hash)
            {
                lock (_lock)
                {
                    // Seed the authoritative bucket before publishing the hash, so no caller finds it empty.
                    var key = hash + "|" + route.MajorParameter;
                    if (!_buckets.TryGetValue(key, out var learned))
                    {
                        learned = new RouteBucket(key);
                        _buckets[key] = learned;
                    }

                    if (!ReferenceEquals(learned, bucket))
                    {
                        learned.Update(headers, now);
                        learned.BlockUntil(bucket.BlockedUntil);
                    }

                    _hashes[route.RouteKey] = hash;
                }
            }
        }
        finally
        {
            bucket.Gate.Release();
        }
    }

    /// <summary>Applies a 429: global blocks every bot route, shared/user block the bucket; a sublimit blocks nothing.</summary>
    public RateLimitVerdict OnRateLimited(RouteBucket bucket, RateLimitHeaders headers, TimeSpan retryAfter, bool bodyGlobal)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(headers);
        var until = Time.GetUtcNow() + retryAfter;
        if (headers.Global || bodyGlobal || string.Equals(headers.Scope, "global", StringComparison.OrdinalIgnoreCase))
        {
            Global.BlockUntil(until);
            return RateLimitVerdict.Global;
        }

        if (string.Equals(headers.Scope, "shared", StringComparison.OrdinalIgnoreCase))
        {
            bucket.BlockUntil(until);
            return RateLimitVerdict.Shared;
        }

        if (headers.Remaining is > 0)
        {
            // A sublimit: the bucket has room, only this kind of request must wait (the caller delays it).
            return RateLimitVerdict.Sublimit;
        }

        bucket.BlockUntil(until);
        return RateLimitVerdict.Route;
    }

    /// <summary>Forgets buckets idle for an hour so a long-running process does not accumulate them.</summary>
    public int Sweep(TimeSpan idle)
    {
        var now = Time.GetUtcNow();
        lock (_lock)
        {
            var stale = _buckets.Where(pair => now - pair.Value.LastUsed > idle && pair.Value.Gate.CurrentCount == 1)
                .Select(pair => pair.Key).ToList();
            foreach (var key in stale)
            {
                _buckets.Remove(key);
            }

            return stale.Count;
        }
    }
}

/// <summary>How a 429 was classified.</summary>
internal enum RateLimitVerdict
{
    Route,
    Sublimit,
    Shared,
    Global,
}
