namespace FactorioIsr.Monitoring;

/// <summary>
/// The low-UPS alert of one server, decided on the EMA (scaled to game speed 1, so 55 means 55 of 60 at any speed):
/// an alert after <c>alert_samples_required</c> consecutive samples below <c>ups_warning_threshold</c>, no sooner than
/// <c>alert_cooldown</c> after the previous alert; one recovery once the EMA is back at <c>ups_recovery_threshold</c>
/// (between the two thresholds nothing changes: hysteresis). Paused samples and the first readings after a start
/// neither count nor reset an active alert. Pure: the monitor feeds it and persists <see cref="State"/>.
/// </summary>
internal sealed class UpsAlertPolicy(double warning, double recovery, int samplesRequired, TimeSpan cooldown, int warmupReadings)
{
    private int _consecutive;
    private DateTimeOffset? _firstLow;

    /// <summary>What survives a restart of isr (kept in the state store).</summary>
    public UpsAlertState State { get; private set; } = UpsAlertState.None;

    /// <summary>Restores the persisted state (an active alert is neither repeated nor forgotten).</summary>
    public void Restore(UpsAlertState state) => State = state;

    /// <summary>Feeds one sample; returns the alert or recovery to post, if any.</summary>
    /// <param name="readings">Readings since the start (see <see cref="UpsSampler.Readings"/>).</param>
    public UpsAlertDecision? Evaluate(UpsSample sample, int readings, DateTimeOffset now)
    {
        if (sample.Paused)
        {
            _consecutive = 0;
            _firstLow = null;
            return null;
        }

        if (readings <= warmupReadings || sample.Ema is not { } ema)
        {
            return null;
        }

        var normalised = ema * 60 / Math.Max(sample.Target, 0.6);
        if (normalised < warning)
        {
            _consecutive++;
            _firstLow ??= now;
            var cooled = State.LastAlertAt is not { } last || now - last >= cooldown;
            if (!State.Active && _consecutive >= samplesRequired && cooled)
            {
                State = new UpsAlertState(true, _firstLow, now);
                return new UpsAlertDecision(Recovered: false, sample, _consecutive, TimeSpan.Zero);
            }

            return null;
        }

        if (normalised >= recovery)
        {
            _consecutive = 0;
            _firstLow = null;
            if (State.Active)
            {
                var lasted = State.LowSince is { } since ? now - since : TimeSpan.Zero;
                State = State with { Active = false, LowSince = null };
                return new UpsAlertDecision(Recovered: true, sample, 0, lasted);
            }
        }

        return null;
    }
}

/// <param name="Active">A low-UPS alert was posted and no recovery yet.</param>
/// <param name="LowSince">The first low sample of the active alert's run.</param>
/// <param name="LastAlertAt">When the last alert was posted (the cooldown counts from it).</param>
internal sealed record UpsAlertState(bool Active, DateTimeOffset? LowSince, DateTimeOffset? LastAlertAt)
{
    public static UpsAlertState None { get; } = new(false, null, null);
}

/// <param name="Recovered">False: the low-UPS alert; true: the recovery.</param>
/// <param name="Sample">The sample that decided it.</param>
/// <param name="Consecutive">Low samples in a row (the alert).</param>
/// <param name="LowFor">How long the low UPS lasted (the recovery).</param>
internal sealed record UpsAlertDecision(bool Recovered, UpsSample Sample, int Consecutive, TimeSpan LowFor);
