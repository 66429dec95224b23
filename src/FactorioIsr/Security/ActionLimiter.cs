namespace FactorioIsr.Security;

/// <summary>
/// The per-server limit on in-game actions (wall clock): at most N mutes, kicks and bans together in the window, so a
/// rule that misfires, or a flood of accounts, cannot make the monitor ban half the server. Thread-safe.
/// </summary>
internal sealed class ActionLimiter
{
    private readonly Dictionary<string, Queue<DateTimeOffset>> _taken = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public bool TryTake(string server, DateTimeOffset now, ActionLimitConfig limit)
    {
        lock (_gate)
        {
            if (!_taken.TryGetValue(server, out var times))
            {
                _taken[server] = times = new Queue<DateTimeOffset>();
            }

            while (times.Count > 0 && times.Peek() <= now - limit.Window)
            {
                times.Dequeue();
            }

            if (times.Count >= limit.MaxActions)
            {
                return false;
            }

            times.Enqueue(now);
            return true;
        }
    }
}
