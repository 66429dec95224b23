namespace FactorioIsr.Tests.Security;

/// <summary>The security test corpora (TestData/security): attacks with the rule each must trigger, and ordinary chat.</summary>
internal static class SecurityCorpus
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "TestData", "security");

    /// <summary>(rule, text) of every attack.</summary>
    public static IReadOnlyList<(string Rule, string Text)> Adversarial { get; } =
        [.. Lines("adversarial.tsv").Select(l => (l[..l.IndexOf('\t', StringComparison.Ordinal)], l[(l.IndexOf('\t', StringComparison.Ordinal) + 1)..]))];

    public static IReadOnlyList<string> Benign { get; } = [.. Lines("benign.txt")];

    /// <summary>The data lines of a corpus file (lines starting with "# " are comments; "#factorio" is chat).</summary>
    private static IEnumerable<string> Lines(string name) =>
        File.ReadLines(Path.Combine(Directory, name)).Where(l => l.Length > 0 && !l.StartsWith("# ", StringComparison.Ordinal));

    /// <summary>A console.log chat line as Factorio writes it.</summary>
    public static string ChatLine(DateTime at, string player, string text) =>
        at.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " [CHAT] " + player + ": " + text;
}
