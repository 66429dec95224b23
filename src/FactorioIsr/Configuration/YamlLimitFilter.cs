using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace FactorioIsr.Configuration;

/// <summary>
/// Stops a YAML event stream as soon as it nests deeper than <see cref="MaxDepth"/> or holds more than
/// <see cref="MaxNodes"/> nodes, before any tree is built: the tree builder recurses once per level (a file of
/// 100,000 <c>[</c> overflowed the stack) and its cost grows with the nodes. An alias counts as the nodes and levels it
/// repeats, so anchors cannot multiply a small file into a huge one.
/// </summary>
internal sealed class YamlLimitFilter(IParser inner, int maxDepth = YamlLimitFilter.MaxDepth, int maxNodes = YamlLimitFilter.MaxNodes) : IParser
{
    /// <summary>Levels of nested mappings and lists; a servers.yml uses about 5.</summary>
    public const int MaxDepth = 64;

    /// <summary>Scalars, mappings and lists; a servers.yml of 1,000 servers has about 50,000.</summary>
    public const int MaxNodes = 250_000;

    private readonly Stack<Frame> _open = new();
    private readonly Dictionary<string, (long Nodes, int Height)> _anchors = new(StringComparer.Ordinal);
    private long _nodes;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        switch (inner.Current)
        {
            case MappingStart or SequenceStart:
                Count(1);
                var level = _open.Count + 1;
                if (level > maxDepth)
                {
                    throw Refuse($"nesting is deeper than {maxDepth} levels; a configuration needs a handful (is a bracket unclosed, or the file generated?)");
                }

                _open.Push(new Frame(((NodeEvent)inner.Current).Anchor, level, _nodes - 1));
                break;
            case MappingEnd or SequenceEnd:
                var frame = _open.Pop();
                if (_open.TryPeek(out var parent))
                {
                    parent.Reached = Math.Max(parent.Reached, frame.Reached);
                }

                if (!frame.Anchor.IsEmpty)
                {
                    _anchors[frame.Anchor.Value] = (_nodes - frame.NodesBefore, frame.Reached - frame.Level + 1);
                }

                break;
            case Scalar scalar:
                Count(1);
                if (!scalar.Anchor.IsEmpty)
                {
                    _anchors[scalar.Anchor.Value] = (1, 0);
                }

                break;
            case AnchorAlias alias when _anchors.TryGetValue(alias.Value.Value, out var repeated):
                Count(repeated.Nodes);
                var reached = _open.Count + repeated.Height;
                if (reached > maxDepth)
                {
                    throw Refuse($"nesting is deeper than {maxDepth} levels once alias *{alias.Value.Value} is expanded");
                }

                if (_open.TryPeek(out var holder))
                {
                    holder.Reached = Math.Max(holder.Reached, reached);
                }

                break;
            default:
                break;
        }

        return true;
    }

    private void Count(long nodes)
    {
        _nodes += nodes;
        if (_nodes > maxNodes)
        {
            throw Refuse($"more than {maxNodes} values (aliases counted as what they repeat); a configuration has far fewer");
        }
    }

    private YamlException Refuse(string message) => new(inner.Current!.Start, inner.Current.End, message);

    private sealed class Frame(AnchorName anchor, int level, long nodesBefore)
    {
        public AnchorName Anchor { get; } = anchor;

        /// <summary>This collection's level (1 for the document's root collection).</summary>
        public int Level { get; } = level;

        public long NodesBefore { get; } = nodesBefore;

        /// <summary>The deepest level reached inside, aliases expanded.</summary>
        public int Reached { get; set; } = level;
    }
}
