namespace FactorioIsr.Delivery.DiscordOutputs;

/// <summary>
/// Which messages of a multi-message batch were already created, so a retry of the same batch resumes after them
/// (webhooks have no nonce to drop a re-send). Only the dispatcher's single caller touches it; bounded.
/// </summary>
internal sealed class BatchProgress
{
    private const int Capacity = 256;
    private readonly Dictionary<string, int> _done = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _ambiguous = new(StringComparer.Ordinal);

    public int Done(string key) => _done.GetValueOrDefault(key);

    public void Advance(string key, int done) => Bound(_done)[key] = done;

    /// <summary>The part whose request may or may not have reached Discord.</summary>
    public void MarkAmbiguous(string key, int part) => Bound(_ambiguous)[key] = part;

    /// <summary>True once when <paramref name="part"/> was the ambiguous one of <paramref name="key"/>.</summary>
    public bool TakeAmbiguous(string key, int part) => _ambiguous.TryGetValue(key, out var p) && p == part && _ambiguous.Remove(key);

    public void Complete(string key)
    {
        _done.Remove(key);
        _ambiguous.Remove(key);
    }

    private static Dictionary<string, int> Bound(Dictionary<string, int> map)
    {
        if (map.Count >= Capacity)
        {
            map.Clear();
        }

        return map;
    }
}
