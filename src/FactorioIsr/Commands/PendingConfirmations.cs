using System.Collections.Concurrent;

namespace FactorioIsr.Commands;

/// <summary>A danger command waiting for its button: what to run, for whom, and the exchange whose message carries the buttons.</summary>
internal sealed record PendingConfirmation(string Id, ICommand Command, CommandRun Run, InteractionExchange Origin, long CreatedAt);

/// <summary>Danger commands awaiting confirmation; each expires after <see cref="Timeout"/> (60 s by default).</summary>
internal sealed class PendingConfirmations(TimeProvider time, TimeSpan timeout)
{
    private readonly ConcurrentDictionary<string, PendingConfirmation> _pending = new(StringComparer.Ordinal);

    public TimeSpan Timeout => timeout;

    public int Count => _pending.Count;

    public void Add(PendingConfirmation pending) => _pending[pending.Id] = pending;

    public PendingConfirmation? Peek(string id) => _pending.GetValueOrDefault(id);

    /// <summary>Removes the pending command whatever its age (its expiry timer fired).</summary>
    public PendingConfirmation? Remove(string id) => _pending.TryRemove(id, out var pending) ? pending : null;

    /// <summary>Takes the pending command; null when it is unknown, taken already, or expired (then it is dropped).</summary>
    public PendingConfirmation? Take(string id, out bool expired)
    {
        expired = false;
        if (!_pending.TryRemove(id, out var pending))
        {
            return null;
        }

        if (time.GetElapsedTime(pending.CreatedAt) >= timeout)
        {
            expired = true;
            return null;
        }

        return pending;
    }
}
