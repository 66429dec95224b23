using FactorioIsr.Delivery;
using FactorioIsr.Events;
using FactorioIsr.Patterns;

namespace FactorioIsr.Hosting;

/// <summary>The pattern engine as the pipeline's parser: the first matching pattern of the line's source kind makes one event.</summary>
internal static class PatternLineParser
{
    public static LineParser Create(PatternSet patterns, TimeProvider time) => line =>
    {
        var kind = LineEvents.KindOf(line.File.Source);
        if (patterns.Match(kind, line.Text) is not { } match)
        {
            return [];
        }

        var definition = match.Pattern.Definition;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, number) in match.Pattern.NamedGroups)
        {
            if (match.Group(number) is { } value)
            {
                fields[name] = value;
            }
        }

        var server = line.File.Server;
        return
        [
            new FactorioEvent(
                line.EventId,
                server,
                kind,
                definition.Type,
                match.Player,
                match.Message,
                LineEvents.WithFlags(line, fields),
                definition.Name,
                definition.Channel ?? Configuration.RouteNames.Events,
                time.GetUtcNow(),
                line.Text,
                EventRenderer.Render(match, server, line.Text)),
        ];
    };
}
