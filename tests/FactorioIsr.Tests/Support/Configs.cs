using FactorioIsr.Configuration;

namespace FactorioIsr.Tests.Support;

/// <summary>Loads a servers.yml text with a controlled environment and secrets directory.</summary>
internal sealed class Configs : IDisposable
{
    private readonly TempDirectory _dir = new();

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public string SecretsDirectory => _dir.Combine("secrets");

    public string Root => _dir.Path;

    public void Secret(string name, string value) => _dir.Write(System.IO.Path.Combine("secrets", name), value + "\n");

    public string WriteFile(string name, string content) => _dir.Write(name, content);

    public ConfigLoadResult Load(string yaml)
    {
        var path = _dir.Write("servers.yml", yaml);
        return ConfigLoader.Load(path, new ConfigEnvironment(Environment, SecretsDirectory));
    }

    public IsrConfiguration LoadValid(string yaml)
    {
        var result = Load(yaml);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Configuration!;
    }

    public void Dispose() => _dir.Dispose();
}
