using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace FactorioIsr.Configuration;

/// <summary>
/// A YAML event stream that drops every repeated key of a mapping (with its value) and reports it, so a
/// duplicate is one diagnostic among the others instead of an exception that stops the load. The first
/// occurrence wins. Keys are compared by their scalar text; complex keys and aliases pass unchecked.
/// </summary>
internal sealed class DuplicateKeyFilter(IParser inner, Action<Mark, string> report) : IParser
{
    private readonly Stack<Frame> _frames = new();

    /// <summary>Anchors defined inside dropped values: an alias to one reads as an empty value instead of failing the file.</summary>
    private readonly HashSet<string> _droppedAnchors = new(StringComparer.Ordinal);

    public ParsingEvent? Current { get; private set; }

    public bool MoveNext()
    {
        while (inner.MoveNext())
        {
            var e = inner.Current!;
            if (e is AnchorAlias alias && _droppedAnchors.Contains(alias.Value.Value))
            {
                e = new Scalar(AnchorName.Empty, TagName.Empty, string.Empty, ScalarStyle.Plain, true, false, alias.Start, alias.End);
            }
            else if (e is NodeEvent { Anchor.IsEmpty: false } anchored)
            {
                _droppedAnchors.Remove(anchored.Anchor.Value); // defined again: aliases after this point mean this one
            }

            var top = _frames.Count > 0 ? _frames.Peek() : null;
            if (top is { Seen: { } seen, ExpectKey: true } && e is Scalar key)
            {
                var name = key.Value;
                if (seen.TryGetValue(name, out var first))
                {
                    report(key.Start, Message(top, name, first));
                    SkipNode();
                    continue;
                }

                seen[name] = key.Start;
                top.LastKey = name;
            }

            switch (e)
            {
                case MappingStart or SequenceStart:
                    _frames.Push(new Frame(e is MappingStart, top is null ? null : top.ChildPath()));
                    break;
                case MappingEnd or SequenceEnd:
                    _frames.Pop();
                    Completed(_frames.Count > 0 ? _frames.Peek() : null);
                    break;
                case Scalar or AnchorAlias:
                    Completed(top);
                    break;
                default:
                    break;
            }

            Current = e;
            return true;
        }

        Current = null;
        return false;
    }

    /// <summary>A mapping alternates key and value: each finished node flips it.</summary>
    private static void Completed(Frame? frame)
    {
        if (frame?.Seen is not null)
        {
            frame.ExpectKey = !frame.ExpectKey;
        }
    }

    /// <summary>Consumes the value of a dropped key: one scalar or alias, or a whole collection.</summary>
    private void SkipNode()
    {
        var depth = 0;
        while (inner.MoveNext())
        {
            if (inner.Current is NodeEvent { Anchor.IsEmpty: false } anchored && _droppedAnchors.Add(anchored.Anchor.Value))
            {
                report(anchored.Start, $"anchor '&{anchored.Anchor.Value}' is defined in a duplicate key's value, which is dropped: aliases to it read as empty; define it on the first occurrence");
            }

            switch (inner.Current)
            {
                case MappingStart or SequenceStart:
                    depth++;
                    break;
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
                default:
                    break;
            }

            if (depth == 0)
            {
                return;
            }
        }
    }

    private static string Message(Frame frame, string name, Mark first)
    {
        var at = $"(first at {first.Line}:{first.Column})";
        return frame.Path switch
        {
            "servers" => $"duplicate server tag '{name}' {at}",
            null or "" => $"duplicate key '{name}' {at}",
            var path => $"{path}: duplicate key '{name}' {at}",
        };
    }

    private sealed class Frame(bool isMapping, string? path)
    {
        /// <summary>The keys read so far with their location; null for a sequence.</summary>
        public Dictionary<string, Mark>? Seen { get; } = isMapping ? new(StringComparer.Ordinal) : null;

        public bool ExpectKey { get; set; } = true;

        public string? LastKey { get; set; }

        /// <summary>Dotted path of this collection (<c>servers.main</c>); empty for the document's root.</summary>
        public string? Path { get; } = path ?? string.Empty;

        public string ChildPath()
        {
            var own = Seen is null ? Path + "[]" : (Path!.Length == 0 ? LastKey : $"{Path}.{LastKey}");
            return own ?? string.Empty;
        }
    }
}
