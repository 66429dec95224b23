namespace FactorioIsr.Configuration;

/// <summary>A validated configuration: an immutable snapshot swapped whole on reload.</summary>
internal sealed record IsrConfiguration(string SourcePath, GlobalSettings Settings, IReadOnlyList<ServerConfig> Servers)
{
    public ServerConfig? FindServer(string tag) =>
        Servers.FirstOrDefault(s => string.Equals(s.Tag, tag, StringComparison.Ordinal));
}
