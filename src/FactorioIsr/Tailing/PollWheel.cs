namespace FactorioIsr.Tailing;

/// <summary>
/// The timeouts of the tailers' waits (<see cref="AsyncSignal.WaitAsync(TimeSpan, TimeProvider, CancellationToken)"/>
/// on the system clock), on one timer: a wheel of 10 ms slots. Ten thousand tailers polling four times a second each
/// made a timer, a linked cancellation source and a WhenAny per wait; here a wait is an entry in a list, and one timer
/// tick expires every wait that is due. Timeouts are rounded up to the next 10 ms.
/// </summary>
internal static class PollWheel
{
    private const int TickMs = 10;
    private const int Slots = 512;

    private static readonly Lock Gate = new();
    private static readonly List<Entry>[] Wheel = [.. Enumerable.Range(0, Slots).Select(_ => new List<Entry>())];
    private static Timer? s_timer;
    private static long s_lastTick;

    /// <summary>Calls <see cref="AsyncSignal.Expire"/> for <paramref name="source"/> once <paramref name="timeout"/> has passed.</summary>
    public static void Schedule(AsyncSignal signal, TaskCompletionSource source, TimeSpan timeout)
    {
        var due = Environment.TickCount64 + (long)Math.Ceiling(Math.Max(1, timeout.TotalMilliseconds));
        lock (Gate)
        {
            if (s_timer is null)
            {
                s_lastTick = Environment.TickCount64 / TickMs;
                s_timer = new Timer(static _ => Tick(), null, TickMs, TickMs);
            }

            // The slot of the tick at or after the due time, never one the timer has already passed this round.
            var tick = Math.Max((due + TickMs - 1) / TickMs, s_lastTick + 1);
            Wheel[tick % Slots].Add(new Entry(signal, source, tick));
        }
    }

    private static void Tick()
    {
        List<Entry>? due = null;
        var now = Environment.TickCount64;
        lock (Gate)
        {
            var last = now / TickMs;
            var from = Math.Max(s_lastTick + 1, last - Slots + 1);
            for (var tick = from; tick <= last; tick++)
            {
                var slot = Wheel[tick % Slots];
                var kept = 0;
                for (var i = 0; i < slot.Count; i++)
                {
                    var entry = slot[i];
                    if (entry.Tick <= last)
                    {
                        (due ??= []).Add(entry);
                    }
                    else
                    {
                        slot[kept++] = entry; // due after a full turn of the wheel
                    }
                }

                slot.RemoveRange(kept, slot.Count - kept);
            }

            s_lastTick = Math.Max(s_lastTick, last);
        }

        if (due is not null)
        {
            foreach (var entry in due)
            {
                entry.Signal.Expire(entry.Source);
            }
        }
    }

    private readonly record struct Entry(AsyncSignal Signal, TaskCompletionSource Source, long Tick);
}
