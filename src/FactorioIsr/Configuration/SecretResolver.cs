using System.Text;

namespace FactorioIsr.Configuration;

/// <summary>
/// Resolves <c>${NAME}</c> references in string values: <c>/run/secrets/NAME</c>, then the file named by
/// <c>$NAME_FILE</c>, then <c>$NAME</c>. An unresolved or malformed reference is an error, never a literal;
/// <c>$${</c> is the escape for a literal <c>${</c>.
/// </summary>
internal sealed class SecretResolver(ConfigEnvironment environment)
{
    /// <summary>Whether a raw value holds a reference (or the escape), so it needs <see cref="Resolve"/>.</summary>
    public static bool ContainsReference(string value) => value.Contains("${", StringComparison.Ordinal);

    /// <summary>Replaces every reference and unescapes <c>$${</c>; <see cref="SecretResolution.Value"/> is null on any problem.</summary>
    public SecretResolution Resolve(string value)
    {
        var result = new SecretResolution();
        var text = new StringBuilder(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            var dollar = value.IndexOf('$', i);
            if (dollar < 0)
            {
                text.Append(value, i, value.Length - i);
                break;
            }

            text.Append(value, i, dollar - i);
            if (At(value, dollar + 1, '$') && At(value, dollar + 2, '{'))
            {
                text.Append("${");
                i = dollar + 3;
                continue;
            }

            if (!At(value, dollar + 1, '{'))
            {
                text.Append('$');
                i = dollar + 1;
                continue;
            }

            var close = value.IndexOf('}', dollar + 2);
            if (close < 0)
            {
                result.Invalid.Add((Shorten(value[dollar..]), "no closing '}'"));
                break;
            }

            var name = value[(dollar + 2)..close];
            i = close + 1;
            if (!IsName(name))
            {
                result.Invalid.Add(($"${{{Shorten(name)}}}", "names are letters, digits and _ (write $${ for a literal ${)"));
                continue;
            }

            var resolved = Lookup(name);
            if (resolved is null)
            {
                result.Unresolved.Add(name);
                continue;
            }

            result.Used.Add((name, resolved));
            text.Append(resolved);
        }

        result.Value = result.Invalid.Count == 0 && result.Unresolved.Count == 0 ? text.ToString() : null;
        return result;
    }

    /// <summary>One secret by name, in the documented order; null when none of the three has it.</summary>
    public string? Lookup(string name)
    {
        var fromSecretFile = environment.ReadSecretFile(name);
        if (fromSecretFile is not null)
        {
            return fromSecretFile;
        }

        var filePath = environment.Get(name + "_FILE");
        if (!string.IsNullOrEmpty(filePath) && File.Exists(filePath))
        {
            return File.ReadAllText(filePath, Encoding.UTF8).TrimEnd('\r', '\n');
        }

        return environment.Get(name);
    }

    /// <summary>A secret name: letters, digits and <c>_</c>, not starting with a digit.</summary>
    public static bool IsName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static bool At(string value, int index, char c) => index < value.Length && value[index] == c;

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 37), "...");
}

/// <summary>The outcome of resolving one value.</summary>
internal sealed class SecretResolution
{
    /// <summary>The value with every reference replaced; null when a reference is unresolved or malformed.</summary>
    public string? Value { get; set; }

    /// <summary>Names that none of the three sources has.</summary>
    public List<string> Unresolved { get; } = [];

    /// <summary>Malformed references as written, each with why.</summary>
    public List<(string Reference, string Why)> Invalid { get; } = [];

    /// <summary>The secrets that went into <see cref="Value"/>: name and secret text.</summary>
    public List<(string Name, string Secret)> Used { get; } = [];
}
