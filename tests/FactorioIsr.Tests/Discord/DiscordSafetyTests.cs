using FactorioIsr.Security;
using System.Text.Json;
using FactorioIsr.Delivery;
using FactorioIsr.Delivery.DiscordOutputs.Mentions;
using FactorioIsr.Discord.Messages;

namespace FactorioIsr.Tests.Discord;

/// <summary>An adversarial corpus through both outputs: nothing may ping, nothing may break the API's limits.</summary>
public sealed class DiscordSafetyTests
{
    private static readonly string[] Corpus =
    [
        "@everyone",
        "@here look",
        "hey @everyone and @here",
        "@\u200beveryone",
        "＠everyone",
        "@ everyone",
        "<@&123456789012345678> role ping",
        "<@123456789012345678> user ping",
        "<@!123456789012345678> nick ping",
        "<#123456789012345678> channel",
        "</factorio status:123456789012345678>",
        "**bold** __underline__ ~~strike~~ ||spoiler|| `code` ```block```",
        "> quote\n>>> block quote\n# heading\n-# subtext\n- bullet\n1. list",
        "[click](https://evil.example/@everyone)",
        "\u202Eevery\u202Cone @\u2060everyone @\u200Deveryone",
        "e\u0301\u0301\u0301 combining @everyone",
        "😀👨‍👩‍👧‍👦🏳️‍🌈 @here",
        "\\@everyone \\<@&1>",
        new string('A', 10_240),
        string.Concat(Enumerable.Repeat("@everyone ", 1024)),
        string.Concat(Enumerable.Repeat("😀", 5000)),
        "line\r\nwith\rcarriage\u0000null",
    ];

    /// <summary>Rate limits are tested elsewhere; the corpus makes dozens of messages.</summary>
    private static FactorioIsr.FakeDiscord.FakeDiscordOptions FastLimits() => new FactorioIsr.FakeDiscord.FakeDiscordOptions()
        .WithLimit("POST /channels/{channel_id}/messages", 50, TimeSpan.FromSeconds(1))
        .WithLimit("POST /webhooks/{webhook_id}/{webhook_token}", 50, TimeSpan.FromSeconds(1));

    private static IEnumerable<FactorioIsr.Events.FactorioEvent> Events(bool withEmbeds)
    {
        var offset = 0;
        foreach (var text in Corpus)
        {
            var escaped = GameTextEscaper.Escape(text);
            yield return Some.Event("chat", $"💬 **{GameTextEscaper.Escape(text[..Math.Min(20, text.Length)])}**: {escaped}", text[..Math.Min(40, text.Length)], text, offset: offset++);
            yield return Some.Event("join", "📥 " + escaped, offset: offset++);
            if (withEmbeds)
            {
                yield return Some.Event("security", escaped, fields: new Dictionary<string, string> { ["raw"] = text, [text[..Math.Min(300, text.Length)]] = text }, offset: offset++);
            }
        }
    }

    private static void AssertNoPing(FactorioIsr.FakeDiscord.FakeMessage message, IReadOnlyCollection<string>? allowedRoles = null)
    {
        Assert.True(message.AllowedMentions.HasValue, "allowed_mentions must be explicit on every message");
        var mentions = message.AllowedMentions!.Value;
        Assert.Equal(JsonValueKind.Array, mentions.GetProperty("parse").ValueKind);
        Assert.Equal(0, mentions.GetProperty("parse").GetArrayLength());
        Assert.False(mentions.TryGetProperty("users", out _));
        if (mentions.TryGetProperty("roles", out var roles))
        {
            Assert.NotNull(allowedRoles);
            Assert.All(roles.EnumerateArray(), r => Assert.Contains(r.GetString(), allowedRoles));
        }

        Assert.InRange(CodePoints.Length(message.Content), 0, 2000);
        Assert.True(message.Content is { Length: > 0 } || message.EmbedCount > 0);
    }

    [Fact]
    public async Task ChannelOutput_AdversarialCorpus_NeverPingsAndStaysValid()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync(FastLimits());
        using var client = DiscordTestKit.CreateClient(fake);
        var output = Some.ChannelOutput(client, "10");
        var events = Events(withEmbeds: true).ToList();

        var outcomes = await Some.DrainAsync(output, Some.Entries(output.Destination, events));

        Assert.All(outcomes, o => Assert.Equal(DeliveryOutcome.Delivered, o));
        Assert.NotEmpty(fake.Messages);
        Assert.All(fake.Messages, m => AssertNoPing(m));
        // No live @everyone and no mention markup that is not backslash-escaped (the shipping escaper writes \<@id\>).
        Assert.DoesNotContain(fake.Messages, m => m.Content is { } c && (c.Contains("@everyone", StringComparison.Ordinal) || System.Text.RegularExpressions.Regex.IsMatch(c, @"(?<!\\)<@")));
        DiscordTestKit.AssertValidBodies(fake);
    }

    [Fact]
    public async Task WebhookOutput_AdversarialCorpus_NeverPingsAndStaysValid()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync(FastLimits());
        fake.AddWebhook("900", "tok", "10");
        using var client = DiscordTestKit.CreateClient(fake);
        var output = Some.WebhookOutput(client, "adversarial", "900", "tok");

        var outcomes = await Some.DrainAsync(output, Some.Entries(output.Destination, Events(withEmbeds: false)));

        Assert.All(outcomes, o => Assert.Equal(DeliveryOutcome.Delivered, o));
        Assert.All(fake.Messages, m => AssertNoPing(m));
        Assert.All(fake.Messages, m => Assert.InRange(CodePoints.Length(m.Username), 1, 80));
        DiscordTestKit.AssertValidBodies(fake);
    }

    [Fact]
    public async Task ChannelOutput_RouteAllowsRoleMentions_OnlyConfiguredRolesPingAndNeverEveryone()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync(FastLimits());
        fake.Roles["111111111111111111"] = "operations";
        fake.Roles["222222222222222222"] = "Admin";
        using var client = DiscordTestKit.CreateClient(fake);
        var config = MentionsConfig.Parse("""
            mentions:
              roles:
                operations: ["operations", "ops"]
                everyone: ["everyone"]
              aliases:
                oncall: { role_id: "333333333333333333" }
            """, out var errors);
        Assert.Empty(errors);
        var output = Some.ChannelOutput(client, "10", allowRoleMentions: true, mentions: config, guildId: "555");
        var events = new[]
        {
            Some.Event("chat", GameTextEscaper.Escape("@ops the belt is down, @admin @oncall @everyone @here @nobody"), offset: 0),
        };

        await Some.DrainAsync(output, Some.Entries(output.Destination, events));

        var message = Assert.Single(fake.Messages);
        Assert.Equal("<@&111111111111111111> the belt is down, <@&222222222222222222> <@&333333333333333333> @\u200Beveryone @\u200Bhere @nobody", message.Content);
        AssertNoPing(message, ["111111111111111111", "222222222222222222", "333333333333333333"]);
        DiscordTestKit.AssertValidBodies(fake);
    }

    [Fact]
    public async Task ChannelOutput_RouteWithoutRoleMentions_AliasesStayText()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync(FastLimits());
        using var client = DiscordTestKit.CreateClient(fake);
        var config = MentionsConfig.Parse("mentions:\n  aliases:\n    ops: { role_id: \"111111111111111111\" }\n", out _);
        var output = Some.ChannelOutput(client, "10", allowRoleMentions: false, mentions: config);

        await Some.DrainAsync(output, Some.Entries(output.Destination, [Some.Event("chat", GameTextEscaper.Escape("@ops help"))]));

        var message = Assert.Single(fake.Messages);
        Assert.Equal("@ops help", message.Content); // not a mention without allow_role_mentions; allowed_mentions is empty
        AssertNoPing(message);
    }
}
