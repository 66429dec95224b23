using YamlDotNet.Core;
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
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            source.Diagnostics.Error(path, 1, 1, $"configuration file not found (working directory {Environment.CurrentDirectory}); pass --config PATH");
            return null;
        }

        if (info.Length > ConfigDefaults.MaxConfigFileBytes)
        {
            source.Diagnostics.Error(path, 1, 1, $"file is {info.Length} bytes; a configuration larger than {ConfigDefaults.MaxConfigFileBytes} bytes is refused");
            return null;
        }

        var stream = YamlDocuments.Parse(path, source.Diagnostics);
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

/// <summary>Parses a YAML file into a representation tree, turning syntax errors into located diagnostics.</summary>
internal static class YamlDocuments
{
    public static YamlStream? Parse(string path, Diagnostics diagnostics)
    {
        try
        {
            using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            var stream = new YamlStream();
            stream.Load(new DuplicateKeyFilter(new Parser(reader), (mark, message) => diagnostics.Error(path, mark, message)));
            if (stream.Documents.Count > 1)
            {
                diagnostics.Error(path, (int)stream.Documents[1].RootNode.Start.Line, 1, "only one YAML document per file is read; remove the '---' separator");
                return null;
            }

            return stream;
        }
        catch (YamlException ex)
        {
            diagnostics.Error(path, ex.Start, "YAML: " + FirstLine(ex.InnerException?.Message ?? ex.Message));
            return null;
        }
        catch (IOException ex)
        {
            diagnostics.Error(path, 1, 1, "cannot read: " + ex.Message);
            return null;
        }
        catch (UnauthorizedAccessException ex)
        {
            diagnostics.Error(path, 1, 1, "cannot read: " + ex.Message);
            return null;
        }
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? message : message[..newline]).Trim();
    }
}
