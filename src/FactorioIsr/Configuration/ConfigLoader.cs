using YamlDotNet.RepresentationModel;

namespace FactorioIsr.Configuration;

/// <summary>The outcome of a load: a configuration when there were no errors, and every diagnostic either way.</summary>
internal sealed record ConfigLoadResult(IsrConfiguration? Configuration, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Configuration is not null;
}

/// <summary>Loads and validates servers.yml (global sections + servers), applying environment overrides and secrets.</summary>
internal static class ConfigLoader
{
    public static ConfigLoadResult Load(string path, ConfigEnvironment environment)
    {
        var diagnostics = new Diagnostics();
        var source = new YamlSource(path, diagnostics, new SecretResolver(environment));
        var root = ReadRoot(path, source);
        if (root is null)
        {
            return new ConfigLoadResult(null, [.. diagnostics.Sorted()]);
        }

        EnvironmentOverrides.Apply(root, environment, source);
        var reader = new MappingReader(root, source, "servers.yml");
        var settings = GlobalSettingsBinder.Bind(reader);
        var servers = BindServers(reader, source, environment);
        foreach (var extension in reader.Keys.Where(k => k.StartsWith("x-", StringComparison.Ordinal)).ToList())
        {
            reader.Has(extension); // x-NAME: a place for anchors to merge from (<<: *NAME), as in compose files
        }

        reader.ReportUnknown();

        var configuration = diagnostics.HasErrors ? null : new IsrConfiguration(path, settings, servers) { Secrets = source.Redactor };
        return new ConfigLoadResult(configuration, [.. diagnostics.Sorted().Select(d => d with { Message = source.Redactor.Redact(d.Message) })]);
    }

    private static List<ServerConfig> BindServers(MappingReader reader, YamlSource source, ConfigEnvironment environment)
    {
        var servers = new List<ServerConfig>();
        var written = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var node = reader.ValueNode("servers");
        if (node is null)
        {
            source.Error(reader.KeyNode("servers") ?? reader.Node, "servers.yml needs a top-level 'servers:' mapping with at least one server");
            return servers;
        }

        if (node is not YamlMappingNode mapping)
        {
            source.Error(node, $"servers: expected a mapping of TAG: settings, found {MappingReader.Describe(node)}");
            return servers;
        }

        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } tag })
            {
                source.Error(keyNode, "servers: each key is a server tag");
                continue;
            }

            var server = ServerConfigBinder.Bind(tag, keyNode, value, source, environment);
            if (server is null)
            {
                continue;
            }

            if (written.TryGetValue(server.Tag, out var first))
            {
                source.Error(keyNode, $"server tag '{tag}' is read as '{server.Tag}', which the server at {first.Start.Line}:{first.Start.Column} already has; rename one of them");
                continue;
            }

            written[server.Tag] = keyNode;
            servers.Add(server);
        }

        if (mapping.Children.Count == 0)
        {
            source.Error(node, "servers: no server configured");
        }

        return servers;
    }

    private static YamlMappingNode? ReadRoot(string path, YamlSource source)
    {
        var kind = FileKinds.Of(path);
        if (kind == FileKind.Missing)
        {
            source.Diagnostics.Error(path, 1, 1, $"configuration file not found (working directory {Environment.CurrentDirectory}); pass --config PATH");
            return null;
        }

        if (kind == FileKind.Directory)
        {
            source.Diagnostics.Error(path, 1, 1, $"is a directory, not a configuration file; pass --config {Path.Combine(path, "servers.yml")}");
            return null;
        }

        var stream = YamlDocuments.Parse(path, ConfigDefaults.MaxConfigFileBytes, source.Diagnostics);
        if (stream is null)
        {
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            source.Diagnostics.Error(path, 1, 1, "expected a mapping with a top-level 'servers:' key");
            return null;
        }

        return root;
    }
}
