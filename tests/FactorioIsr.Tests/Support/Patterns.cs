using FactorioIsr.Events;
using FactorioIsr.Patterns;

namespace FactorioIsr.Tests.Support;

/// <summary>Loads pattern sets for tests: the shipped packs, the reference's, or files written on the fly.</summary>
internal static class TestPatterns
{
    public static PatternSet Shipped { get; } = LoadValid(Path.Combine(RepositoryRoot.Path, "patterns"));

    public static PatternSet Reference { get; } = LoadValid(Path.Combine(AppContext.BaseDirectory, "TestData", "reference-patterns"));

    public static PatternSet LoadValid(string directory)
    {
        var (set, diagnostics) = PatternSet.Load(directory);
        Assert.True(set is not null, string.Join("\n", diagnostics));
        return set;
    }

    /// <summary>(type, player, message, pattern, text) of a line, or null when nothing matches.</summary>
    public static (string Type, string? Player, string? Message, string Pattern, string Text)? Parse(PatternSet set, string line, LogSourceKind source = LogSourceKind.Console)
    {
        var match = set.Match(source, line);
        return match is null ? null : (match.Pattern.Type, match.Player, match.Message, match.Pattern.Name, EventRenderer.Render(match, "test", line));
    }
}
