namespace FactorioIsr.Configuration;

/// <summary>A validated configuration: an immutable snapshot swapped whole on reload.</summary>
internal sealed record IsrConfiguration(string SourcePath, GlobalSettings Settings, IReadOnlyList<ServerConfig> Servers)
{
    /// <summary>The secrets that <c>${NAME}</c> references resolved to: pass any text that may hold a setting through it before printing.</summary>
    public SecretRedactor Secrets { get; init; } = new();

    public ServerConfig? FindServer(string tag) =>
        Servers.FirstOrDefault(s => string.Equals(s.Tag, tag, StringComparison.Ordinal));
}
