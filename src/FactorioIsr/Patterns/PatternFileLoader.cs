using System.Text.RegularExpressions;
using FactorioIsr.Configuration;
using FactorioIsr.Events;
using YamlDotNet.RepresentationModel;

namespace FactorioIsr.Patterns;

/// <summary>
/// Reads every <c>*.yml</c>/<c>*.yaml</c> of a patterns directory in file-name order into definitions,
/// reporting every problem with its location. The reference's <c>events:</c> schema loads unchanged.
/// </summary>
internal static partial class PatternFileLoader
{
    [GeneratedRegex("^[a-zA-Z0-9_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EntryName();

    public static IReadOnlyList<string> ListFiles(string directory) =>
        [.. Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    public static List<PatternDefinition> LoadDirectory(string directory, Diagnostics diagnostics)
    {
        var definitions = new List<PatternDefinition>();
        if (!Directory.Exists(directory))
        {
            diagnostics.Error(directory, 1, 1, "patterns directory not found; pass --patterns DIR");
            return definitions;
        }

        var files = ListFiles(directory);
        var seen = new Dictionary<string, PatternDefinition>(StringComparer.Ordinal);
        for (var fileIndex = 0; fileIndex < files.Count; fileIndex++)
        {
            foreach (var definition in LoadFile(files[fileIndex], fileIndex, diagnostics))
            {
                if (seen.TryGetValue(definition.Name, out var first))
                {
                    diagnostics.AddRange([new Diagnostic(definition.File, definition.Line, definition.Column, DiagnosticSeverity.Warning,
                        $"pattern '{definition.Name}' is already defined at {first.File}:{first.Line}; this one is ignored (the first loaded wins)")]);
                    continue;
                }

                seen[definition.Name] = definition;
                definitions.Add(definition);
            }
        }

        return definitions;
    }

    public static IEnumerable<PatternDefinition> LoadFile(string path, int fileIndex, Diagnostics diagnostics)
    {
        var info = new FileInfo(path);
        if (info.Length > PatternDefaults.MaxFileBytes)
        {
            diagnostics.Error(path, 1, 1, $"pattern file is {info.Length} bytes; the limit is {PatternDefaults.MaxFileBytes}");
            return [];
        }

        var stream = YamlDocuments.Parse(path, diagnostics);
        if (stream is null || stream.Documents.Count == 0)
        {
            return [];
        }

        var source = new YamlSource(path, diagnostics, secrets: null);
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            diagnostics.Error(path, stream.Documents[0].RootNode, "a pattern file is a mapping with an 'events:' key");
            return [];
        }

        var file = new MappingReader(root, source, "pattern file");
        var defaultSources = ReadSources(file) ?? PatternDefaults.Sources;
        var events = file.Map("events");
        file.ReportUnknown();
        if (events is null)
        {
            if (!file.Has("events"))
            {
                diagnostics.Error(path, root, "a pattern file needs an 'events:' mapping");
            }

            return [];
        }

        if (events.Node.Children.Count > PatternDefaults.MaxEntriesPerFile)
        {
            diagnostics.Error(path, events.Node, $"{events.Node.Children.Count} patterns in one file; the limit is {PatternDefaults.MaxEntriesPerFile}: split the file");
            return [];
        }

        var result = new List<PatternDefinition>();
        var entryIndex = 0;
        foreach (var name in events.Keys.ToList())
        {
            var keyNode = events.KeyNode(name)!;
            if (!EntryName().IsMatch(name))
            {
                diagnostics.Error(path, keyNode, $"pattern name '{name}' may use only letters, digits and '_'");
            }

            var entry = events.Map(name);
            if (entry is null)
            {
                if (!events.Has(name))
                {
                    diagnostics.Error(path, keyNode, $"pattern '{name}' has no settings; it needs at least 'pattern:'");
                }

                continue;
            }

            var definition = ReadEntry(name, keyNode, entry, path, fileIndex, entryIndex++, defaultSources);
            if (definition is not null)
            {
                result.Add(definition);
            }
        }

        return result;
    }

    private static PatternDefinition? ReadEntry(string name, YamlNode keyNode, MappingReader e, string path, int fileIndex, int entryIndex, IReadOnlySet<LogSourceKind> defaultSources)
    {
        var pattern = e.String("pattern");
        var type = e.String("type");
        var emoji = e.String("emoji");
        var template = e.String("message");
        var enabled = e.Bool("enabled");
        var priority = e.Int("priority", 0, 1_000_000);
        var channel = e.String("channel");
        var description = e.String("description");
        var sources = ReadSources(e);
        var look = e.Choice("look", ServerConfigBinder.Looks);
        e.ReportUnknown();

        var modType = string.IsNullOrEmpty(pattern) && ModEvents.ModEventSet.MatchesOnType(sources ?? defaultSources); // a source: mod entry matches on type (Patterns/ModEvents)
        if (string.IsNullOrEmpty(pattern) && !modType)
        {
            e.Source.Error(e.ValueNode("pattern") ?? keyNode, $"pattern '{name}' needs a non-empty 'pattern:'");
            return null;
        }

        if (pattern?.Length > PatternDefaults.MaxPatternLength)
        {
            e.Source.Error(e.ValueNode("pattern")!, $"pattern '{name}' is {pattern!.Length} characters; the limit is {PatternDefaults.MaxPatternLength}");
            return null;
        }

        if (template is not null && template.Length > PatternDefaults.MaxTemplateLength)
        {
            e.Source.Error(e.ValueNode("message")!, $"message of '{name}' is {template.Length} characters; the limit is {PatternDefaults.MaxTemplateLength}");
            return null;
        }

        var normalizedType = (type ?? name).Trim().ToLowerInvariant();
        if (!PatternDefaults.KnownTypes.Contains(normalizedType))
        {
            e.Source.Warning(e.ValueNode("type") ?? keyNode, $"pattern '{name}': type '{normalizedType}' is not a known event type; it is relayed with the default look");
        }

        var valueNode = e.ValueNode("pattern") ?? e.ValueNode("type") ?? keyNode;
        return new PatternDefinition
        {
            Name = name,
            File = path,
            Line = (int)valueNode.Start.Line,
            Column = (int)valueNode.Start.Column,
            Pattern = pattern ?? string.Empty,
            MatchesModType = modType,
            Type = normalizedType,
            Emoji = emoji ?? string.Empty,
            Template = string.IsNullOrEmpty(template) ? PatternDefaults.Template : template,
            Enabled = enabled ?? true,
            Priority = priority ?? PatternDefaults.Priority,
            Channel = string.IsNullOrWhiteSpace(channel) ? null : channel.Trim(),
            Description = description,
            Sources = sources ?? defaultSources,
            Look = look,
            FileIndex = fileIndex,
            EntryIndex = entryIndex,
        };
    }

    /// <summary><c>source:</c> as one kind or a list of kinds.</summary>
    private static HashSet<LogSourceKind>? ReadSources(MappingReader reader)
    {
        var node = reader.ValueNode("source");
        if (node is null)
        {
            return null;
        }

        var items = node is YamlSequenceNode list ? list.Children : [node];
        var kinds = new HashSet<LogSourceKind>();
        foreach (var item in items)
        {
            var text = item is YamlScalarNode scalar ? scalar.Value ?? string.Empty : string.Empty;
            if (LogSourceKinds.ByName.TryGetValue(text.Trim().ToLowerInvariant(), out var kind))
            {
                kinds.Add(kind);
            }
            else
            {
                reader.Source.Error(item, $"source: '{text}' is not one of console, current, mod{DidYouMean.Suffix(text, LogSourceKinds.ByName.Keys)}");
            }
        }

        return kinds.Count > 0 ? kinds : null;
    }
}
