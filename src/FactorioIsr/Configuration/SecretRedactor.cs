using System.Text.RegularExpressions;

namespace FactorioIsr.Configuration;

/// <summary>
/// Every secret text that a <c>${NAME}</c> reference put into the configuration, so any message that may hold a
/// resolved setting (a state path, a log path, an exception text) is printed with <c>${NAME}</c> in its place.
/// Values too short or too common to be a secret (under 4 characters, numbers, booleans) are not listed: replacing
/// every "1" or "true" in every message would garble them. Tokens and passwords are redacted by their type anyway.
/// </summary>
internal sealed class SecretRedactor
{
    private const int MinimumLength = 4;

    private readonly Dictionary<string, string> _displays = new(StringComparer.Ordinal);
    private volatile Regex? _matcher;

    public bool IsEmpty => _displays.Count == 0;

    public void Add(string name, string secret)
    {
        if (secret.Length < MinimumLength || double.TryParse(secret, System.Globalization.CultureInfo.InvariantCulture, out _)
            || secret.ToLowerInvariant() is "true" or "false" or "yes" or "no" or "on" or "off")
        {
            return;
        }

        lock (_displays)
        {
            if (_displays.TryAdd(secret, $"${{{name}}}"))
            {
                _matcher = null;
            }
        }
    }

    /// <summary>
    /// <paramref name="text"/> with every secret replaced by its <c>${NAME}</c>, in one pass (a replacement is never
    /// searched again; where secrets overlap, the longest wins).
    /// </summary>
    public string Redact(string text)
    {
        if (IsEmpty)
        {
            return text;
        }

        var matcher = _matcher;
        if (matcher is null)
        {
            lock (_displays)
            {
                matcher = _matcher ??= new Regex(
                    string.Join('|', _displays.Keys.OrderByDescending(s => s.Length).Select(Regex.Escape)),
                    RegexOptions.CultureInvariant);
            }
        }

        return matcher.Replace(text, match => _displays[match.Value]);
    }
}
