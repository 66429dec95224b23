namespace FactorioIsr.Commands;

/// <summary>
/// The reference's per-user sliding windows, one per tier and shared by every command of the tier across servers
/// (reference-system.md §1.3): query 5 per 30 s, admin 3 per 60 s, danger 1 per 120 s. A use counts only when allowed.
/// </summary>
internal sealed class CommandCooldowns(TimeProvider time, Func<CommandTier, (int Rate, TimeSpan Per)>? limits = null)
{
    private readonly Dictionary<(string User, CommandTier Tier), Queue<long>> _uses = [];
    private readonly Lock _gate = new();

    public static (int Rate, TimeSpan Per) Limit(CommandTier tier) => tier switch
    {
        CommandTier.Query => (5, TimeSpan.FromSeconds(30)),
        CommandTier.Admin => (3, TimeSpan.FromSeconds(60)),
        CommandTier.Danger => (1, TimeSpan.FromSeconds(120)),
        _ => (int.MaxValue, TimeSpan.Zero),
    };

    /// <summary>Null when allowed (and counted); otherwise the seconds to wait, as the reference computes them.</summary>
    public int? TryUse(string user, CommandTier tier)
    {
        var (rate, per) = (limits ?? Limit)(tier);
        if (per == TimeSpan.Zero)
        {
            return null;
        }

        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (!_uses.TryGetValue((user, tier), out var uses))
            {
                uses = new Queue<long>();
                _uses[(user, tier)] = uses;
            }

            while (uses.Count > 0 && time.GetElapsedTime(uses.Peek(), now) >= per)
            {
                uses.Dequeue();
            }

            if (uses.Count >= rate)
            {
                var waited = time.GetElapsedTime(uses.Peek(), now);
                return (int)(per - waited).TotalSeconds + 1;
            }

            uses.Enqueue(now);
            return null;
        }
    }
}
