using System.Text.RegularExpressions;

namespace FactorioIsr.Security;

/// <summary>What a rate limit found: the limit, how many events were in its window, and the last one's text.</summary>
internal sealed record RateFinding(string Rule, int Count, RateLimitConfig Limit);

/// <summary>
/// The per-player sliding windows of one server, measured on the lines' own timestamps (not the wall clock): a backlog
/// read at once after a restart is as fast as it was written. Once a window is exceeded the player is flagged once;
/// the next finding for the same limit needs a new window (one alert per flood, not one per line). Timestamps that go
/// backwards (a clock change, a file's older rest) are taken as the newest seen. Single-threaded (the monitor's loop).
/// </summary>
internal sealed partial class RateLimits
{
    /// <summary>Players followed at most per server; the idlest are forgotten first.</summary>
    private const int MaxPlayers = 20_000;

    private readonly Dictionary<(string Player, string Rule), Window> _windows = [];
    private DateTimeOffset _newest = DateTimeOffset.MinValue;
    private long _sweeps;

    /// <summary>How many <c>@admins</c>-like and <c>@everyone</c>-like mentions the text has.</summary>
    public static (int Admin, int Everyone) Mentions(string text) =>
        text.Contains('@', StringComparison.Ordinal) ? (AdminMention().Count(text), EveryoneMention().Count(text)) : (0, 0);

    /// <summary>Counts one chat message of <paramref name="player"/> at <paramref name="at"/>; returns the limits it exceeded now.</summary>
    public List<RateFinding> Observe(string player, string text, DateTimeOffset at, IReadOnlyDictionary<string, RateLimitConfig> limits)
    {
        if (at < _newest)
        {
            at = _newest;
        }

        _newest = at;
        var found = new List<RateFinding>();
        var (admin, everyone) = Mentions(text);
        Count(player, SecurityRuleNames.ChatMessage, 1, at, limits, found);
        Count(player, SecurityRuleNames.MentionAdmin, admin, at, limits, found);
        Count(player, SecurityRuleNames.MentionEveryone, everyone, at, limits, found);
        var repeated = ContentRules.Normalize(text).Trim().ToLowerInvariant();
        if (repeated.Length > 0)
        {
            Count(player, SecurityRuleNames.RepeatedMessage + "\n" + repeated, 1, at, limits, found, SecurityRuleNames.RepeatedMessage);
        }

        if (++_sweeps % 1024 == 0 || _windows.Count > MaxPlayers * 4)
        {
            Sweep(at);
        }

        return found;
    }

    /// <summary>Forgets a player's windows (a pardon).</summary>
    public void Forget(string player)
    {
        foreach (var key in _windows.Keys.Where(k => string.Equals(k.Player, player, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            _windows.Remove(key);
        }
    }

    private void Count(string player, string key, int events, DateTimeOffset at, IReadOnlyDictionary<string, RateLimitConfig> limits, List<RateFinding> found, string? rule = null)
    {
        rule ??= key;
        if (events == 0 || !limits.TryGetValue(rule, out var limit) || !limit.Enabled)
        {
            return;
        }

        var id = (player.ToLowerInvariant(), key);
        if (!_windows.TryGetValue(id, out var window))
        {
            _windows[id] = window = new Window();
        }

        for (var i = 0; i < events; i++)
        {
            window.Times.Enqueue(at);
        }

        while (window.Times.Count > 0 && window.Times.Peek() <= at - limit.Window)
        {
            window.Times.Dequeue();
        }

        while (window.Times.Count > limit.MaxEvents * 4 + 16)
        {
            window.Times.Dequeue(); // a flood far past its limit: the count stays above it, the memory does not grow
        }

        window.Last = at;
        if (window.Times.Count > limit.MaxEvents && (window.FlaggedAt is not { } flagged || at - flagged >= limit.Window))
        {
            window.FlaggedAt = at;
            found.Add(new RateFinding(rule, window.Times.Count, limit));
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        // Windows are at most a day long (time_window_seconds <= 86400): idle for a day, nothing of them counts.
        foreach (var key in _windows.Where(w => now - w.Value.Last > TimeSpan.FromDays(1)).Select(w => w.Key).ToList())
        {
            _windows.Remove(key);
        }

        if (_windows.Count > MaxPlayers * 4)
        {
            foreach (var key in _windows.OrderBy(w => w.Value.Last).Take(_windows.Count - MaxPlayers * 2).Select(w => w.Key).ToList())
            {
                _windows.Remove(key);
            }
        }
    }

    [GeneratedRegex(@"(?<![\w@])@(?:admins?|mods?|moderators?|staff|ops|owner)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex AdminMention();

    [GeneratedRegex(@"(?<![\w@])@(?:everyone|here|all|channel)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex EveryoneMention();

    private sealed class Window
    {
        public Queue<DateTimeOffset> Times { get; } = new();

        public DateTimeOffset Last { get; set; }

        public DateTimeOffset? FlaggedAt { get; set; }
    }
}
