namespace FactorioIsr.FakeDiscord;

/// <summary>A route limit: <paramref name="Limit"/> requests per <paramref name="Window"/> per major parameter.</summary>
/// <param name="Routes">Route keys like <c>POST /channels/{channel_id}/messages</c> sharing this bucket.</param>
/// <param name="Bucket">The opaque bucket hash sent in <c>X-RateLimit-Bucket</c>.</param>
public sealed record FakeRouteLimit(IReadOnlyList<string> Routes, int Limit, TimeSpan Window, string Bucket);

/// <summary>Fixed-window counters per bucket + major parameter, like Discord's headers describe. Thread-safe.</summary>
internal sealed class FakeRateLimitTable(IReadOnlyList<FakeRouteLimit> limits)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _blocked = new(StringComparer.Ordinal);
    private DateTimeOffset _globalStart = DateTimeOffset.MinValue;
    private int _globalUsed;
    private DateTimeOffset _globalBlocked = DateTimeOffset.MinValue;

    public FakeRouteLimit? Find(string route) => limits.FirstOrDefault(l => l.Routes.Contains(route));

    /// <summary>Consumes a slot; returns the header values, or exhausted with the time left.</summary>
    public (bool Allowed, int Limit, int Remaining, TimeSpan ResetAfter) Take(FakeRouteLimit limit, string major, DateTimeOffset now)
    {
        lock (_lock)
        {
            var key = limit.Bucket + "|" + major;
            if (!_windows.TryGetValue(key, out var window) || now >= window.Start + limit.Window)
            {
                window = new Window(now, 0);
            }

            var resetAfter = window.Start + limit.Window - now;
            if (window.Used >= limit.Limit)
            {
                _windows[key] = window;
                return (false, limit.Limit, 0, resetAfter);
            }

            window = window with { Used = window.Used + 1 };
            _windows[key] = window;
            return (true, limit.Limit, limit.Limit - window.Used, resetAfter);
        }
    }

    public (bool Allowed, TimeSpan RetryAfter) TakeGlobal(int perSecond, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_globalBlocked > now)
            {
                return (false, _globalBlocked - now);
            }

            if (now - _globalStart >= TimeSpan.FromSeconds(1))
            {
                _globalStart = now;
                _globalUsed = 0;
            }

            if (_globalUsed >= perSecond)
            {
                return (false, _globalStart + TimeSpan.FromSeconds(1) - now);
            }

            _globalUsed++;
            return (true, TimeSpan.Zero);
        }
    }

    /// <summary>After a scripted 429, the resource (or everything, for global) is blocked until the retry time.</summary>
    public void Block(string key, DateTimeOffset until)
    {
        lock (_lock)
        {
            if (key == "*global*")
            {
                _globalBlocked = until;
            }
            else
            {
                _blocked[key] = until;
            }
        }
    }

    public TimeSpan? BlockedFor(string key, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_globalBlocked > now)
            {
                return _globalBlocked - now;
            }

            return _blocked.TryGetValue(key, out var until) && until > now ? until - now : null;
        }
    }

    private readonly record struct Window(DateTimeOffset Start, int Used);
}
