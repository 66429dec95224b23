using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Monitoring;

/// <summary>
/// One server's UPS, from interval samples only: the estimator (monotonic clock, Δtick = 0 is paused), an SMA over the
/// last <see cref="SmaWindow"/> readings and an EMA with the server's <c>ups_ema_alpha</c>. On-demand readers take
/// <see cref="Last"/>; they never take a sample, so they cannot disturb the interval. Single owner: the monitor.
/// </summary>
internal sealed class UpsSampler(Func<UpsEstimator> estimators, double emaAlpha, int smaWindow = 5)
{
    private readonly Queue<double> _window = new();
    private UpsEstimator _estimator = estimators();
    private double? _ema;

    public int SmaWindow { get; } = smaWindow;

    /// <summary>The estimator samples go to (its minimum interval guards against samples too close together).</summary>
    public UpsEstimator Estimator => _estimator;

    /// <summary>The latest sample; null before the second interval sample after a start.</summary>
    public UpsSample? Last { get; private set; }

    /// <summary>Readings (not paused) since the last start.</summary>
    public int Readings { get; private set; }

    /// <summary>Adds an interval reading taken at game speed <paramref name="speed"/>; a paused one leaves the averages alone.</summary>
    public UpsSample Add(UpsReading reading, double speed)
    {
        var target = 60 * speed;
        if (reading.IsPaused)
        {
            return Last = new UpsSample(0, Last?.Sma, _ema, target, Paused: true);
        }

        _window.Enqueue(reading.Ups);
        while (_window.Count > SmaWindow)
        {
            _window.Dequeue();
        }

        _ema = _ema is { } ema ? (emaAlpha * reading.Ups) + ((1 - emaAlpha) * ema) : reading.Ups;
        Readings++;
        return Last = new UpsSample(reading.Ups, _window.Average(), _ema, target, Paused: false);
    }

    /// <summary>A (re)start of the game: the tick baseline, the averages and the warm-up start again.</summary>
    public void Reset()
    {
        _estimator = estimators();
        _window.Clear();
        _ema = null;
        Last = null;
        Readings = 0;
    }
}

/// <summary>One UPS sample of a server.</summary>
/// <param name="Raw">UPS over the last interval (0 when paused).</param>
/// <param name="Sma">Mean of the last readings.</param>
/// <param name="Ema">Exponential moving average (what alerts decide on).</param>
/// <param name="Target">60 × game speed.</param>
/// <param name="Paused">The tick did not move (auto-pause or paused): not lag.</param>
internal sealed record UpsSample(double Raw, double? Sma, double? Ema, double Target, bool Paused);
