using System.Text;
using System.Text.RegularExpressions;

namespace FactorioIsr.Configuration;

/// <summary>
/// Resolves <c>${NAME}</c> references in string values: <c>/run/secrets/NAME</c>, then the file named by
/// <c>$NAME_FILE</c>, then <c>$NAME</c>. An unresolved reference is an error that names the variable, never a literal.
/// </summary>
internal sealed partial class SecretResolver(ConfigEnvironment environment)
{
    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex ReferencePattern();

    public static bool ContainsReference(string value) => value.Contains("${", StringComparison.Ordinal);

    /// <summary>Replaces every reference; returns the names that could not be resolved (value then is null).</summary>
    public string? Resolve(string value, out IReadOnlyList<string> unresolved)
    {
        var missing = new List<string>();
        var result = ReferencePattern().Replace(value, match =>
        {
            var name = match.Groups[1].Value;
            var resolved = Lookup(name);
            if (resolved is null)
            {
                missing.Add(name);
                return string.Empty;
            }

            return resolved;
        });
        unresolved = missing;
        return missing.Count == 0 ? result : null;
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
}
