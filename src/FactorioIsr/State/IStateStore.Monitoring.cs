namespace FactorioIsr.State;

/// <summary>The monitors' small per-server state: the active UPS alert, the status message id, and the like.</summary>
internal partial interface IStateStore
{
    /// <summary>The value saved under <paramref name="key"/> for <paramref name="server"/>; null when none is.</summary>
    ValueTask<string?> LoadMonitorStateAsync(string server, string key, CancellationToken cancellationToken);

    /// <summary>Saves (or, with null, removes) the value under <paramref name="key"/> for <paramref name="server"/>.</summary>
    ValueTask SaveMonitorStateAsync(string server, string key, string? value, CancellationToken cancellationToken);
}
