using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FactorioIsr.Configuration;

/// <summary>
/// Reads typed values out of one YAML mapping. Every key asked for becomes "known"; <see cref="ReportUnknown"/>
/// then flags the rest with a "did you mean". Each problem is reported with its location and reading goes on,
/// so a single run lists every problem.
/// </summary>
internal sealed partial class MappingReader
{
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public MappingReader(YamlMappingNode node, YamlSource source, string context)
    {
        Node = node;
        Source = source;
        Context = context;
        foreach (var (key, value) in node.Children)
        {
            if (key is YamlScalarNode { Value: { } name })
            {
                _entries[name] = (key, value);
            }
            else
            {
                source.Error(key, $"{context}: keys must be plain names");
            }
        }
    }

    public YamlMappingNode Node { get; }

    public YamlSource Source { get; }

    public string Context { get; }

    public IEnumerable<string> Keys => _entries.Keys;

    public bool Has(string key)
    {
        _known.Add(key);
        return _entries.TryGetValue(key, out var entry) && !IsNull(entry.Value);
    }

    /// <summary>The raw value node of a key, or null when absent or YAML null.</summary>
    public YamlNode? ValueNode(string key)
    {
        _known.Add(key);
        return _entries.TryGetValue(key, out var entry) && !IsNull(entry.Value) ? entry.Value : null;
    }

    /// <summary>The value node of a key as written, YAML null included; null only when the key is absent.</summary>
    public YamlNode? RawValue(string key)
    {
        _known.Add(key);
        return _entries.TryGetValue(key, out var entry) ? entry.Value : null;
    }

    public YamlNode? KeyNode(string key) => _entries.TryGetValue(key, out var entry) ? entry.Key : null;

    /// <summary>A string (secrets resolved). Secret values are never echoed in messages.</summary>
    public string? String(string key)
    {
        var node = ValueNode(key);
        return node is null ? null : ReadString(node, key);
    }

    public string? ReadString(YamlNode node, string key)
    {
        if (node is not YamlScalarNode scalar)
        {
            Source.Error(node, $"{key}: expected a text value, found {Describe(node)}");
            return null;
        }

        var value = scalar.Value ?? string.Empty;
        if (Source.Secrets is null || !SecretResolver.ContainsReference(value) || Source.IsFromEnvironment(node))
        {
            return value;
        }

        var resolution = Source.Secrets.Resolve(value);
        foreach (var (reference, why) in resolution.Invalid)
        {
            Source.Error(node, $"{key}: invalid secret reference '{reference}': {why}");
        }

        foreach (var name in resolution.Unresolved)
        {
            Source.Error(node, $"{key}: secret ${{{name}}} is not set: provide /run/secrets/{name}, a file named by ${name}_FILE, or the variable ${name}");
        }

        foreach (var (name, secret) in resolution.Used)
        {
            Source.Redactor.Add(name, secret);
        }

        return resolution.Value;
    }

    public Secret? SecretValue(string key)
    {
        var value = String(key);
        return value is null ? null : new Secret(value);
    }

    /// <summary>One of a fixed set of words (case-insensitive).</summary>
    public T? Choice<T>(string key, IReadOnlyDictionary<string, T> choices)
        where T : struct
    {
        var node = ValueNode(key);
        if (node is null)
        {
            return null;
        }

        var text = ScalarText(node, key, "a word");
        if (text is null)
        {
            return null;
        }

        if (choices.TryGetValue(text.Trim().ToLowerInvariant(), out var value))
        {
            return value;
        }

        Source.Error(node, $"{key}: '{Echo(node, text)}' is not one of {string.Join(", ", choices.Keys)}{DidYouMean.Suffix(text, choices.Keys)}");
        return null;
    }

    public MappingReader? Map(string key)
    {
        var node = ValueNode(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlMappingNode mapping)
        {
            return new MappingReader(mapping, Source, key);
        }

        Source.Error(node, $"{key}: expected a mapping (key: value lines), found {Describe(node)}");
        return null;
    }

    public YamlSequenceNode? Sequence(string key)
    {
        var node = ValueNode(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlSequenceNode sequence)
        {
            return sequence;
        }

        Source.Error(node, $"{key}: expected a list, found {Describe(node)}");
        return null;
    }

    /// <summary>A key that the Python reference accepted but never used: accepted with a warning.</summary>
    public void Obsolete(string key, string why)
    {
        _known.Add(key);
        if (_entries.TryGetValue(key, out var entry))
        {
            Source.Warning(entry.Key, $"{key} is ignored: {why}");
        }
    }

    public void ReportUnknown()
    {
        foreach (var (name, key) in UnknownKeys())
        {
            Source.Error(key, $"{Context}: unknown key '{name}'{DidYouMean.Suffix(name, _known)}");
        }
    }

    /// <summary>The keys not asked for so far, with their key nodes, in file order.</summary>
    public IReadOnlyList<(string Name, YamlNode Key)> UnknownKeys() =>
        [.. _entries.Where(e => !_known.Contains(e.Key)).Select(e => (e.Key, e.Value.Key))];

    /// <summary>" (did you mean 'x'?)" against the keys asked for so far, or empty.</summary>
    public string DidYouMeanKnown(string name) => DidYouMean.Suffix(name, _known);

    private string? ScalarText(YamlNode node, string key, string expected)
    {
        if (node is not YamlScalarNode scalar)
        {
            Source.Error(node, $"{key}: expected {expected}, found {Describe(node)}");
            return null;
        }

        return ReadString(scalar, key);
    }

    /// <summary>Echoes a bad value in a message unless it came from a secret reference.</summary>
    private static string Echo(YamlNode node, string resolved) =>
        node is YamlScalarNode { Value: { } raw } && SecretResolver.ContainsReference(raw) ? raw : Shorten(resolved);

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s => $"'{Shorten(s.Value ?? string.Empty)}'",
        _ => "something else",
    };
}
