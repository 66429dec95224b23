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
            diagnostics.Error(directory, 1, 1, MissingDirectory(directory));
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
                    diagnostics.Warning(definition.File, definition.Line, definition.Column,
                        $"pattern '{definition.Name}' is already defined at {first.File}:{first.Line}; this one is ignored (the first loaded wins)");
                    continue;
                }

                seen[definition.Name] = definition;
                definitions.Add(definition);
            }
        }

        return definitions;
    }

    private static string MissingDirectory(string directory)
    {
        if (File.Exists(directory))
        {
            return "is a file, not a patterns directory; pass --patterns DIR";
        }

        return Path.GetFullPath(directory) == Path.GetFullPath(PatternsDirectory.Shipped)
            ? "no ./patterns directory, and the pattern packs shipped with isr are missing here (a broken install?); pass --patterns DIR"
            : "patterns directory not found; pass --patterns DIR (or fix the 'patterns' setting)";
    }

    /// <summary>
    /// Reads one file. What the reference's loader skipped (a file without <c>events:</c>, an entry it could not
    /// use) is skipped here too, and what it defaulted is defaulted, each with a located warning saying so;
    /// syntax errors and our limits stay errors.
    /// </summary>
    public static IEnumerable<PatternDefinition> LoadFile(string path, int fileIndex, Diagnostics diagnostics)
    {
        var stream = YamlDocuments.Parse(path, PatternDefaults.MaxFileBytes, diagnostics);
        if (stream is null || stream.Documents.Count == 0 || MappingReader.IsNull(stream.Documents[0].RootNode))
        {
            return [];
        }

        var source = new YamlSource(path, diagnostics, secrets: null);
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            source.Warning(stream.Documents[0].RootNode, $"a pattern file is a mapping with an 'events:' key, found {MappingReader.Describe(stream.Documents[0].RootNode)}; this file adds no patterns");
            return [];
        }

        var file = new MappingReader(root, source, "pattern file");
        var defaultSources = ReadSources(file) ?? PatternDefaults.Sources;
        var eventsNode = file.RawValue("events");
        foreach (var (name, key) in file.UnknownKeys())
        {
            source.Warning(key, $"pattern file: unknown key '{name}' is ignored{file.DidYouMeanKnown(name)}");
        }

        if (eventsNode is not YamlMappingNode eventsMapping)
        {
            source.Warning(eventsNode ?? root, eventsNode is null || MappingReader.IsNull(eventsNode)
                ? "no 'events:' mapping; this file adds no patterns"
                : $"events: expected a mapping of NAME: settings, found {MappingReader.Describe(eventsNode)}; this file adds no patterns");
            return [];
        }

        if (eventsMapping.Children.Count > PatternDefaults.MaxEntriesPerFile)
        {
            diagnostics.Error(path, eventsMapping, $"{eventsMapping.Children.Count} patterns in one file; the limit is {PatternDefaults.MaxEntriesPerFile}: split the file");
            return [];
        }

        var result = new List<PatternDefinition>();
        var entryIndex = 0;
        foreach (var (keyNode, value) in eventsMapping.Children)
        {
            if (EntryNameOf(keyNode, source) is not { } name)
            {
                continue;
            }

            if (value is not YamlMappingNode entryNode)
            {
                source.Warning(keyNode, $"pattern '{name}' has no settings (found {(MappingReader.IsNull(value) ? "nothing" : MappingReader.Describe(value))}); skipped: it needs at least 'pattern:'");
                continue;
            }

            var definition = ReadEntry(name, keyNode, new MappingReader(entryNode, source, $"pattern '{name}'"), path, fileIndex, entryIndex++, defaultSources);
            if (definition is not null)
            {
                result.Add(definition);
            }
        }

        return result;
    }

    /// <summary>The entry's name, or null (with a warning) when the reference would have skipped it: not a str, or not a word.</summary>
    private static string? EntryNameOf(YamlNode keyNode, YamlSource source)
    {
        var kind = PyYamlType.Of(keyNode);
        if (kind != PyYamlKind.Str || keyNode is not YamlScalarNode { Value: { } name })
        {
            var text = keyNode is YamlScalarNode { Value: { } raw } ? raw : MappingReader.Describe(keyNode);
            source.Warning(keyNode, $"pattern name {text} is read by YAML as {Article(kind)}, not a name; skipped (quote it to use it as a name)");
            return null;
        }

        if (!EntryName().IsMatch(name))
        {
            source.Warning(keyNode, $"pattern name '{name}' may use only letters, digits and '_'; skipped");
            return null;
        }

        return name;
    }

    private static PatternDefinition? ReadEntry(string name, YamlNode keyNode, MappingReader e, string path, int fileIndex, int entryIndex, IReadOnlySet<LogSourceKind> defaultSources)
    {
        var patternNode = e.RawValue("pattern");
        var typeNode = e.RawValue("type");
        var emojiNode = e.RawValue("emoji");
        var messageNode = e.RawValue("message");
        var enabledNode = e.RawValue("enabled");
        var priorityNode = e.RawValue("priority");
        var channelNode = e.RawValue("channel");
        var descriptionNode = e.RawValue("description");
        var sources = ReadSources(e);
        var look = e.Choice("look", ServerConfigBinder.Looks);

        void Skip(YamlNode at, string why) => e.Source.Warning(at, $"pattern '{name}': {why}; skipped");

        // A source: mod entry without a pattern matches mod events on their type (Patterns/ModEvents).
        var modType = patternNode is null && ModEvents.ModEventSet.MatchesOnType(sources ?? defaultSources);

        // The reference's order of checks: the first reason it had to skip an entry is the one reported.
        if (e.UnknownKeys() is [var (unknown, unknownKey), ..])
        {
            Skip(unknownKey, $"unknown key '{unknown}'{e.DidYouMeanKnown(unknown)}");
            return null;
        }

        if (patternNode is null && !modType)
        {
            Skip(keyNode, "no 'pattern:'");
            return null;
        }

        var pattern = string.Empty;
        if (patternNode is not null)
        {
            if (TextOf(patternNode) is not { } text)
            {
                Skip(patternNode, $"pattern is {Article(PyYamlType.Of(patternNode))}, not text (quote it)");
                return null;
            }

            pattern = text;
        }

        var type = name;
        if (typeNode is not null)
        {
            if (TextOf(typeNode) is not { } typeText)
            {
                Skip(typeNode, $"type is {Article(PyYamlType.Of(typeNode))}, not text");
                return null;
            }

            type = typeText;
        }

        var emoji = string.Empty;
        if (emojiNode is not null)
        {
            if (TextOf(emojiNode) is { } emojiText)
            {
                emoji = emojiText;
            }
            else
            {
                e.Source.Warning(emojiNode, $"pattern '{name}': emoji is {Article(PyYamlType.Of(emojiNode))}, not text; using no emoji");
            }
        }

        string? template = null;
        if (messageNode is not null)
        {
            template = TextOf(messageNode);
            if (template is null)
            {
                e.Source.Warning(messageNode, $"pattern '{name}': message is {Article(PyYamlType.Of(messageNode))}, not text; using the default \"{PatternDefaults.Template}\"");
            }
        }

        var priority = PatternDefaults.Priority;
        if (priorityNode is not null)
        {
            if (PyYamlType.IntValue(priorityNode) is not { } value)
            {
                e.Source.Warning(priorityNode, $"pattern '{name}': priority {Shown(priorityNode)} is not an integer; using {PatternDefaults.Priority}");
            }
            else if (value < 0)
            {
                Skip(priorityNode, $"priority {value} is negative (0 is tried first)");
                return null;
            }
            else
            {
                priority = (int)Math.Min(value, int.MaxValue);
            }
        }

        var enabled = true;
        if (enabledNode is not null)
        {
            if (PyYamlType.BoolValue(enabledNode) is { } flag)
            {
                enabled = flag;
            }
            else
            {
                e.Source.Warning(enabledNode, $"pattern '{name}': enabled {Shown(enabledNode)} is not true or false; the pattern is enabled");
            }
        }

        string? channel = null;
        if (channelNode is not null && !MappingReader.IsNull(channelNode))
        {
            channel = TextOf(channelNode);
            if (channel is null)
            {
                e.Source.Warning(channelNode, $"pattern '{name}': channel is {Article(PyYamlType.Of(channelNode))}, not a route name; ignored (events go to the server's event channel)");
            }
        }

        var description = descriptionNode is YamlScalarNode { Value: { } describedAs } ? describedAs : null;

        if (pattern.Length == 0 && !modType)
        {
            Skip(patternNode!, "pattern is empty");
            return null;
        }

        if (type.Trim().Length == 0)
        {
            Skip(typeNode!, "type is empty");
            return null;
        }

        if (pattern.Length > PatternDefaults.MaxPatternLength)
        {
            e.Source.Error(patternNode!, $"pattern '{name}' is {pattern.Length} characters; the limit is {PatternDefaults.MaxPatternLength}");
            return null;
        }

        if (template is not null && template.Length > PatternDefaults.MaxTemplateLength)
        {
            e.Source.Error(messageNode!, $"message of '{name}' is {template.Length} characters; the limit is {PatternDefaults.MaxTemplateLength}");
            return null;
        }

        var normalizedType = type.Trim().ToLowerInvariant();
        if (!PatternDefaults.KnownTypes.Contains(normalizedType))
        {
            e.Source.Warning(typeNode ?? keyNode, $"pattern '{name}': type '{normalizedType}' is not a known event type; it is relayed with the default look");
        }

        var valueNode = patternNode ?? typeNode ?? keyNode;
        return new PatternDefinition
        {
            Name = name,
            File = path,
            Line = (int)valueNode.Start.Line,
            Column = (int)valueNode.Start.Column,
            Pattern = pattern,
            MatchesModType = modType,
            Type = normalizedType,
            Emoji = emoji,
            Template = string.IsNullOrEmpty(template) ? PatternDefaults.Template : template,
            TemplateLine = messageNode is null ? 0 : (int)messageNode.Start.Line,
            TemplateColumn = messageNode is null ? 0 : (int)messageNode.Start.Column,
            Enabled = enabled,
            Priority = priority,
            Channel = string.IsNullOrWhiteSpace(channel) ? null : channel.Trim(),
            Description = description,
            Sources = sources ?? defaultSources,
            Look = look,
            FileIndex = fileIndex,
            EntryIndex = entryIndex,
        };
    }

    /// <summary>The text of a node the reference read as a str, or null.</summary>
    private static string? TextOf(YamlNode node) =>
        node is YamlScalarNode { Value: var value } && PyYamlType.Of(node) == PyYamlKind.Str ? value ?? string.Empty : null;

    private static string Article(PyYamlKind kind) => kind switch
    {
        PyYamlKind.Int => "an integer",
        PyYamlKind.Float => "a number",
        PyYamlKind.Bool => "a boolean",
        PyYamlKind.Null => "empty",
        PyYamlKind.Timestamp => "a date",
        PyYamlKind.Mapping => "a mapping",
        PyYamlKind.Sequence => "a list",
        _ => "text",
    };

    private static string Shown(YamlNode node) => node is YamlScalarNode ? MappingReader.Describe(node) : Article(PyYamlType.Of(node));

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
