namespace FactorioIsr.Configuration;

/// <summary>
/// Every secret text that a <c>${NAME}</c> reference put into the configuration, so any message that may hold a
/// resolved setting (a state path, a log path, an exception text) is printed with <c>${NAME}</c> in its place.
/// </summary>
internal sealed class SecretRedactor
{
    private readonly List<(string Secret, string Display)> _secrets = [];

    public bool IsEmpty => _secrets.Count == 0;

    public void Add(string name, string secret)
    {
        if (secret.Length == 0 || _secrets.Exists(s => string.Equals(s.Secret, secret, StringComparison.Ordinal)))
        {
            return;
        }

        _secrets.Add((secret, $"${{{name}}}"));

        // Longest first, so a secret that contains another is replaced whole.
        _secrets.Sort((a, b) => b.Secret.Length.CompareTo(a.Secret.Length));
    }

    /// <summary><paramref name="text"/> with every secret replaced by its <c>${NAME}</c>.</summary>
    public string Redact(string text)
    {
        foreach (var (secret, display) in _secrets)
        {
            text = text.Replace(secret, display, StringComparison.Ordinal);
        }

        return text;
    }
}
