using FactorioIsr.Security;

namespace FactorioIsr.Tests.Security;

/// <summary>
/// The content rules and the rate limits over the corpora, in process (the same corpora go through <c>isr run</c> in
/// <c>SecurityCorpusProcessTests</c>): every attack is flagged by its rule, no ordinary line is flagged.
/// </summary>
public sealed class ContentRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Corpora_AreLargeEnough()
    {
        Assert.True(SecurityCorpus.Adversarial.Count >= 100, $"{SecurityCorpus.Adversarial.Count} attacks");
        Assert.True(SecurityCorpus.Benign.Count >= 500, $"{SecurityCorpus.Benign.Count} ordinary lines");
    }

    [Fact]
    public void EveryAttack_IsFlaggedByItsRule()
    {
        var missed = new List<string>();
        foreach (var (rule, text) in SecurityCorpus.Adversarial)
        {
            var found = Flag(text, out var limits);
            if (rule.StartsWith("mention", StringComparison.Ordinal) ? !limits.Contains(rule) : found?.Rule != rule)
            {
                missed.Add($"{rule}: {text} -> {found?.Rule ?? string.Join(",", limits)}");
            }
        }

        var rate = 100.0 * (SecurityCorpus.Adversarial.Count - missed.Count) / SecurityCorpus.Adversarial.Count;
        TestContext.Current.TestOutputHelper?.WriteLine($"detection (right rule): {rate:0.0} % of {SecurityCorpus.Adversarial.Count}");
        Assert.True(missed.Count == 0, string.Join("\n", missed));
    }

    [Fact]
    public void NoOrdinaryLine_IsFlagged()
    {
        var flagged = new List<string>();
        foreach (var text in SecurityCorpus.Benign)
        {
            var found = Flag(text, out var limits);
            if (found is not null || limits.Count > 0)
            {
                flagged.Add($"{text} -> {found?.Rule} {found?.Evidence} {string.Join(",", limits)}");
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"false positives: {flagged.Count} of {SecurityCorpus.Benign.Count}");
        Assert.True(flagged.Count == 0, string.Join("\n", flagged));
    }

    [Theory]
    [InlineData("rock && roll")]
    [InlineData("`code`")]
    [InlineData("type /c game.speed=2 in single player")]
    [InlineData("[item=iron-plate] at [gps=1,2]")]
    [InlineData("put it in ../mods")]
    public void TheReferencesFalsePositives_PassHere(string text) => Assert.Null(ContentRules.Check(text));

    [Fact]
    public void AShownStatement_IsCode_ButTheSameTextClosingAStringItNeverOpened_IsABreakout()
    {
        Assert.Null(ContentRules.Check("game.print(\"a\"); game.print(\"b\")"));
        Assert.Equal(SecurityRuleNames.CodeInjection, ContentRules.Check("a\"); game.print(\"b\")")?.Rule);
        Assert.Null(ContentRules.Check("it's \"fine\", game.print is the call"));
    }

    [Fact]
    public void DisabledRules_AreNotChecked()
    {
        Assert.Null(ContentRules.Check("/c game.print(1)", rule => rule != SecurityRuleNames.CodeInjection));
        Assert.Equal(SecurityRuleNames.PathTraversal, ContentRules.Check("../../etc/passwd", rule => rule == SecurityRuleNames.PathTraversal)?.Rule);
    }

    private static ContentFinding? Flag(string text, out List<string> limits)
    {
        // One message of a fresh player: only what one line can do (the mention floods of the corpus are in one line).
        limits = [.. new RateLimits().Observe("Player", text, Start, SecmonConfig.DefaultRateLimits()).Select(f => f.Rule)];
        return ContentRules.Check(text);
    }
}
