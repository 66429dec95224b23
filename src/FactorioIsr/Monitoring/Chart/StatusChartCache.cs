using System.Diagnostics;

namespace FactorioIsr.Monitoring.Chart;

/// <summary>
/// One server's last rendered status chart, shared by the status board and <c>/factorio status</c>: the board renders a
/// fresh one when its chart is due (at most every 5 minutes) and <c>/factorio status</c> takes that one while it is
/// recent, so a burst of commands renders nothing. Single flight: callers that arrive while a render runs wait for it
/// instead of starting their own. Thread-safe.
/// </summary>
internal sealed class StatusChartCache
{
    private readonly Lock _gate = new();
    private RenderedChart? _last;
    private Task<RenderedChart>? _running;
    private long _renders;

    /// <summary>How many charts were rendered (tests, and the proof that a burst of commands shares one).</summary>
    public long Renders => Interlocked.Read(ref _renders);

    /// <summary>The last chart rendered; null before the first.</summary>
    public RenderedChart? Last
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }

    /// <summary>
    /// The chart: the last one when it was rendered at most <paramref name="maxAge"/> before <paramref name="now"/>, else
    /// the render in flight, else a new render (kept for the next caller).
    /// </summary>
    /// <param name="now">The caller's time (the monitor's clock); a new chart's window ends at it.</param>
    /// <param name="maxAge">How old a kept chart may be; null: always a new one (or the one being rendered now).</param>
    /// <param name="render">Renders the PNG for <paramref name="now"/>.</param>
    public Task<RenderedChart> GetAsync(DateTimeOffset now, TimeSpan? maxAge, Func<byte[]> render)
    {
        ArgumentNullException.ThrowIfNull(render);
        lock (_gate)
        {
            if (maxAge is { } age && _last is { } last && now - last.At <= age && now >= last.At)
            {
                return Task.FromResult(last);
            }

            if (_running is { } running)
            {
                return running;
            }

            var task = Task.Run(() => Render(now, render));
            _running = task;
            return task;
        }
    }

    private RenderedChart Render(DateTimeOffset now, Func<byte[]> render)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            var png = render();
            var chart = new RenderedChart(png, now, Stopwatch.GetElapsedTime(started));
            Interlocked.Increment(ref _renders);
            lock (_gate)
            {
                _last = chart;
            }

            return chart;
        }
        finally
        {
            lock (_gate)
            {
                _running = null;
            }
        }
    }
}

/// <summary>A rendered chart.</summary>
/// <param name="Png">The PNG bytes.</param>
/// <param name="At">The end of its window (when it was rendered, on the monitor's clock).</param>
/// <param name="RenderTime">How long the render took (wall clock).</param>
internal sealed record RenderedChart(byte[] Png, DateTimeOffset At, TimeSpan RenderTime);
