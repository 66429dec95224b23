using System.Runtime.CompilerServices;
using FactorioIsr.Events;
using FactorioIsr.Patterns;
using FactorioIsr.Tailing;

namespace FactorioIsr.Ingest;

/// <summary>The pattern engine as the pipeline's parser: the first matching pattern of the line's source kind makes one event.</summary>
internal static class PatternLineParser
{
    /// <summary>
    /// The parser of a pattern set. Patterns start on the regex interpreter and are compiled in the background once
    /// used often (<see cref="CompiledPattern.CompileAfterUses"/>), so neither startup nor the first lines wait.
    /// </summary>
    /// <param name="mod">The relay's mod line instruments (malformed, newer version); null: not measured.</param>
    public static LineParser Create(PatternSet patterns, TimeProvider time, Patterns.ModEvents.ModEventMetrics? mod = null)
    {
        var players = new StringCache();
        return line => Parse(patterns, time, players, mod, line);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Hot path of the ingest: no unoptimized first tier.
    private static IReadOnlyList<FactorioEvent> Parse(PatternSet patterns, TimeProvider time, StringCache players, Patterns.ModEvents.ModEventMetrics? mod, TailedLine line)
    {
        var kind = line.File.Kind;
        if (kind == LogSourceKind.Mod)
        {
            return Patterns.ModEvents.ModLineParser.Parse(patterns, time, line, mod); // JSON objects by type, no regex first
        }

        // The required literals are looked for in the file's own bytes first: a line no pattern can match (most of a
        // catch-up) is never decoded into a string.
        var first = patterns.FirstCandidate(kind, line.Utf8);
        if (first < 0 || patterns.MatchFrom(kind, line.Text, first) is not { } match)
        {
            return [];
        }

        var definition = match.Pattern.Definition;
        var server = line.File.Server;
        var player = match.TryGroup(match.Pattern.PlayerGroup, out var name) ? players.Get(name) : null;
        return
        [
            new FactorioEvent(
                line.EventId,
                server,
                kind,
                definition.Type,
                player,
                match.Message,
                LineEvents.WithFlags(line, Fields(match, player)),
                definition.Name,
                definition.Channel ?? Configuration.RouteNames.Events,
                time.GetUtcNow(),
                line.Text,
                EventRenderer.Render(match, server, line.Text)),
        ];
    }

    /// <summary>Every named group that took part, in pattern order; player and message share the event's strings.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static EventFields Fields(PatternMatch match, string? player)
    {
        var groups = match.Pattern.NamedGroups;
        if (groups.Count == 0)
        {
            return EventFields.Empty;
        }

        var buffer = default(PairBuffer);
        var pairs = groups.Count <= PairBuffer.Length ? ((Span<KeyValuePair<string, string>>)buffer)[..groups.Count] : new KeyValuePair<string, string>[groups.Count];
        var count = 0;
        foreach (var (name, number) in groups)
        {
            var value = number == match.Pattern.PlayerGroup ? player
                : number == match.Pattern.MessageGroup ? match.Message
                : match.Group(number);
            if (value is not null)
            {
                pairs[count++] = new(name, value);
            }
        }

        return EventFields.Create(pairs[..count]);
    }

    [InlineArray(Length)]
    private struct PairBuffer
    {
        public const int Length = 8;

        private KeyValuePair<string, string> _first;
    }
}
