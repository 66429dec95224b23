using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FactorioIsr.Configuration;

/// <summary>
/// Resolves YAML merge keys (<c>&lt;&lt;: *base</c>, <c>&lt;&lt;: [*a, *b]</c>) the way PyYAML's <c>safe_load</c> does, which
/// the reference loads its files with: the mapping gets the merged mappings' keys that it does not set itself
/// (its own keys win; of several merged mappings the first wins), merged keys first. The merged values are the
/// anchored nodes themselves, so a problem in one is reported where it is written.
/// </summary>
internal static class YamlMergeKeys
{
    private const string MergeTag = "tag:yaml.org,2002:merge";

    public static void Apply(YamlNode root, Action<YamlNode, string> error)
    {
        var done = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        Visit(root, done, error);
    }

    private static void Visit(YamlNode node, HashSet<YamlNode> done, Action<YamlNode, string> error)
    {
        // Aliases share nodes: each one is resolved once. The depth of the walk is bounded by YamlLimitFilter.
        if (!done.Add(node))
        {
            return;
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                Flatten(mapping, done, error);
                foreach (var (key, value) in mapping.Children)
                {
                    Visit(key, done, error);
                    Visit(value, done, error);
                }

                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children)
                {
                    Visit(item, done, error);
                }

                break;
            default:
                break;
        }
    }

    private static void Flatten(YamlMappingNode mapping, HashSet<YamlNode> done, Action<YamlNode, string> error)
    {
        if (!mapping.Children.Keys.Any(IsMergeKey))
        {
            return;
        }

        var own = mapping.Children.Where(pair => !IsMergeKey(pair.Key)).ToList();
        var taken = new HashSet<string>(own.Select(pair => KeyText(pair.Key)), StringComparer.Ordinal);
        var merged = new List<KeyValuePair<YamlNode, YamlNode>>();
        foreach (var (key, value) in mapping.Children.Where(pair => IsMergeKey(pair.Key)))
        {
            IEnumerable<YamlNode> sources = value is YamlSequenceNode list ? list.Children : [value];
            foreach (var source in sources)
            {
                if (source is not YamlMappingNode from)
                {
                    error(source, $"'<<' merges mappings (<<: *name or <<: [*a, *b]); found {MappingReader.Describe(source)}");
                    continue;
                }

                Visit(from, done, error); // its own merge keys first
                foreach (var pair in from.Children)
                {
                    if (taken.Add(KeyText(pair.Key)))
                    {
                        merged.Add(pair);
                    }
                }
            }
        }

        mapping.Children.Clear();
        foreach (var (key, value) in merged.Concat(own))
        {
            mapping.Children.Add(key, value);
        }
    }

    /// <summary>A plain <c>&lt;&lt;</c> (or one tagged <c>!!merge</c>); a quoted <c>"&lt;&lt;"</c> is an ordinary key.</summary>
    private static bool IsMergeKey(YamlNode key) =>
        key is YamlScalarNode { Value: "<<" } scalar && (scalar.Tag.IsEmpty ? scalar.Style is ScalarStyle.Plain or ScalarStyle.Any : scalar.Tag.Value == MergeTag);

    private static string KeyText(YamlNode key) => key is YamlScalarNode { Value: { } text } ? text : "\0" + key.GetHashCode().ToString(System.Globalization.CultureInfo.InvariantCulture);
}
