namespace FactorioIsr.Hosting;

/// <summary>
/// The configuration the relay runs with now, and whether the last reload failed (its diagnostics, shown as
/// <c>config_error</c> in <c>/ready</c> until a reload succeeds).
/// </summary>
internal sealed class ConfigStatus(RelaySettings initial)
{
    private volatile State _state = new(initial, null, 0, null);

    public RelaySettings Current => _state.Settings;

    /// <summary>The diagnostics of the last reload when it failed; null when it succeeded (or none happened).</summary>
    public IReadOnlyList<string>? Error => _state.Error;

    /// <summary>Successful reloads since start.</summary>
    public int Reloads => _state.Reloads;

    /// <summary>When the last reload (good or bad) finished.</summary>
    public DateTimeOffset? LastReload => _state.LastReload;

    public void Succeeded(RelaySettings settings, DateTimeOffset at) => _state = new(settings, null, _state.Reloads + 1, at);

    public void Failed(IReadOnlyList<string> diagnostics, DateTimeOffset at) => _state = _state with { Error = diagnostics, LastReload = at };

    private sealed record State(RelaySettings Settings, IReadOnlyList<string>? Error, int Reloads, DateTimeOffset? LastReload);
}
