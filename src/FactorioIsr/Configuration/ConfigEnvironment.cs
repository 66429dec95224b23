using System.Collections;

namespace FactorioIsr.Configuration;

/// <summary>
/// Where configuration reads the outside world from: environment variables and Docker/Kubernetes secret files.
/// A value, so tests build one from a dictionary and a temporary secrets directory.
/// </summary>
internal sealed class ConfigEnvironment
{
    private readonly IReadOnlyDictionary<string, string> _variables;

    public ConfigEnvironment(IReadOnlyDictionary<string, string> variables, string secretsDirectory)
    {
        _variables = variables;
        SecretsDirectory = secretsDirectory;
    }

    /// <summary>The directory of mounted secrets. Default <c>/run/secrets</c>.</summary>
    public string SecretsDirectory { get; }

    public IEnumerable<KeyValuePair<string, string>> Variables => _variables;

    public string? Get(string name) => _variables.TryGetValue(name, out var value) ? value : null;

    /// <summary>The content of <c>SecretsDirectory/name</c> without its trailing newline, or null.</summary>
    public string? ReadSecretFile(string name)
    {
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }

        var path = Path.Combine(SecretsDirectory, name);
        return File.Exists(path) ? File.ReadAllText(path).TrimEnd('\r', '\n') : null;
    }

    /// <summary>
    /// The process environment plus a <c>.env</c> file in the working directory (as the Python reference's
    /// python-dotenv did): a variable already set in the environment wins over the file.
    /// </summary>
    public static ConfigEnvironment FromProcess(string? dotEnvPath = ".env")
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (dotEnvPath is not null && File.Exists(dotEnvPath))
        {
            foreach (var (key, value) in DotEnvFile.Parse(File.ReadAllLines(dotEnvPath)))
            {
                variables[key] = value;
            }
        }

        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        return new ConfigEnvironment(variables, "/run/secrets");
    }
}
