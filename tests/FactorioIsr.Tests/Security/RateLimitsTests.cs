using FactorioIsr.Security;

namespace FactorioIsr.Tests.Security;

/// <summary>The per-player rate limits, on the lines' own timestamps.</summary>
public sealed class RateLimitsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyDictionary<string, RateLimitConfig> Limits = SecmonConfig.DefaultRateLimits();

    [Fact]
    public void TwentyOneMessagesInAMinute_AreOneChatFlood_FlaggedOnce()
    {
        var limits = new RateLimits();
        var found = new List<RateFinding>();
        for (var i = 0; i < 40; i++)
        {
            found.AddRange(limits.Observe("Spammer", "msg " + i, T0.AddSeconds(i), Limits));
        }

        var flood = Assert.Single(found);
        Assert.Equal(SecurityRuleNames.ChatMessage, flood.Rule);
        Assert.Equal(21, flood.Count);
    }

    [Fact]
    public void TwentyMessagesAMinuteForAnHour_AreNotAFlood()
    {
        var limits = new RateLimits();
        for (var i = 0; i < 20 * 60; i++)
        {
            Assert.Empty(limits.Observe("Chatty", "msg " + i, T0.AddSeconds(i * 3.0), Limits));
        }
    }

    [Fact]
    public void MentionLimits_TheReferencesValues()
    {
        var limits = new RateLimits();
        for (var i = 0; i < 5; i++)
        {
            Assert.Empty(limits.Observe("Needy", "@admins help " + i, T0.AddSeconds(i * 10), Limits));
        }

        Assert.Equal([SecurityRuleNames.MentionAdmin], limits.Observe("Needy", "@admins please", T0.AddSeconds(55), Limits).Select(f => f.Rule));
        Assert.Empty(limits.Observe("Needy", "@admins once more", T0.AddSeconds(200), Limits)); // a new minute

        Assert.Empty(limits.Observe("Loud", "@everyone hi", T0, Limits));
        Assert.Equal([SecurityRuleNames.MentionEveryone], limits.Observe("Loud", "@here again", T0.AddSeconds(299), Limits).Select(f => f.Rule));
        Assert.Empty(new RateLimits().Observe("Loud", "@everyone hi", T0.AddSeconds(301), Limits));
    }

    [Fact]
    public void SixIdenticalMessagesInAMinute_AreARepeatFlood_IgnoringCaseAndWidth()
    {
        var limits = new RateLimits();
        var found = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            found.AddRange(limits.Observe("Eve", i % 2 == 0 ? "BUY GOLD" : "ｂｕｙ ｇｏｌｄ", T0.AddSeconds(i * 5), Limits).Select(f => f.Rule));
        }

        Assert.Equal([SecurityRuleNames.RepeatedMessage], found);
    }

    [Fact]
    public void OnlyTheLinesOwnTimestampsCount_ABacklogReadAtOnceIsNotAFlood()
    {
        // A day of one player's chat, 10 messages an hour: processed in a burst, as after a restart.
        var limits = new RateLimits();
        for (var i = 0; i < 240; i++)
        {
            Assert.Empty(limits.Observe("Regular", "line " + i, T0.AddMinutes(i * 6), Limits));
        }
    }
}
