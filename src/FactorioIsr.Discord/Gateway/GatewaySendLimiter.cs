namespace FactorioIsr.Discord.Gateway;

/// <summary>
/// Discord's send limit of one gateway connection (120 events per 60 s, heartbeats included; over it is close 4008), as a
/// sliding window. Ordinary sends (presence) stop <see cref="Reserved"/> short of the limit, so a heartbeat, Identify or
/// Resume always has room.
/// </summary>
internal sealed class GatewaySendLimiter(TimeProvider time, int limit, TimeSpan window)
{
    public const int Reserved = 5;

    private readonly Queue<DateTimeOffset> _sent = new();
    private readonly Lock _lock = new();

    /// <summary>Waits for room in the window, then counts one send.</summary>
    public async ValueTask AcquireAsync(bool priority, CancellationToken cancellationToken)
    {
        var max = priority ? limit : Math.Max(1, limit - Reserved);
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = time.GetUtcNow();
                while (_sent.Count > 0 && _sent.Peek() + window <= now)
                {
                    _sent.Dequeue();
                }

                if (_sent.Count < max)
                {
                    _sent.Enqueue(now);
                    return;
                }

                // The oldest sends leave the window first; wait for enough of them.
                wait = _sent.ElementAt(_sent.Count - max) + window - now;
            }

            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), time, cancellationToken).ConfigureAwait(false);
        }
    }
}
