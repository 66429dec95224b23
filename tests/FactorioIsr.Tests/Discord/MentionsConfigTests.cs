using FactorioIsr.Delivery.Discord;
using FactorioIsr.Delivery.Discord.Mentions;
using FactorioIsr.Discord.Messages;

namespace FactorioIsr.Tests.Discord;

public sealed class MentionsConfigTests
{
    [Fact]
    public void Parse_ReferenceFormat_MergesOverBuiltins()
    {
        var config = MentionsConfig.Parse("""
            mentions:
              roles:
                operations: ["operations", " ops "]
                mods: ["moderators"]
            """, out var errors);

        Assert.Empty(errors);
        Assert.Equal(["operations", "ops"], config.RoleGroups["operations"]);
        Assert.Equal(["moderators"], config.RoleGroups["mods"]);
        Assert.Equal(["admin", "admins", "administrator", "administrators"], config.RoleGroups["admins"]);
    }

    [Fact]
    public void Parse_IdFormat_ReadsRoleAndUserIds()
    {
        var config = MentionsConfig.Parse("""
            mentions:
              aliases:
                ops: { role_id: "123456789012345678" }
                alice: { user_id: "876543210987654321" }
            """, out var errors);

        Assert.Empty(errors);
        Assert.Equal(new MentionTarget(MentionKind.Role, "123456789012345678"), config.Aliases["OPS"]);
        Assert.Equal(new MentionTarget(MentionKind.User, "876543210987654321"), config.Aliases["alice"]);
    }

    [Fact]
    public void Parse_BadEntries_ReportsEveryErrorWithPosition()
    {
        MentionsConfig.Parse("""
            mentions:
              roles:
                ops: "ops"
              aliases:
                everyone: { role_id: "123456789012345678" }
                both: { role_id: "123456789012345678", user_id: "123456789012345678" }
                short: { role_id: 12 }
              users: {}
            """, out var errors);

        Assert.Equal(5, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("3:10:", StringComparison.Ordinal) && e.Contains("list of aliases", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("@everyone and @here never ping", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("exactly one of role_id or user_id", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("not a Discord id", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("mentions.users", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_RoleByName_LongestAliasFirstAndWholeWordsOnly()
    {
        var config = MentionsConfig.Parse("""
            mentions:
              roles:
                ops: ["ops"]
                directors: ["ops directors"]
            """, out _);
        var resolver = new MentionResolver(config);
        resolver.UpdateRoles([new DiscordRole("1", "OPS", true), new DiscordRole("2", "ops directors", true)]);

        var (text, mentions) = resolver.Resolve("@ops directors and @ops, not @opsec", allowPings: true);

        Assert.Equal("<@&2> and <@&1>, not @opsec", text);
        Assert.Equal(["2", "1"], mentions.RoleIds);
    }

    [Fact]
    public void Resolve_UnknownRoleName_StaysTextAndPingsNothing()
    {
        var resolver = new MentionResolver(MentionsConfig.Empty);
        resolver.UpdateRoles([new DiscordRole("1", "everyone", true)]);

        var (text, mentions) = resolver.Resolve("@admins @everyone", allowPings: true);

        Assert.Equal("@admins @everyone", text);
        Assert.True(mentions.PingsNothing);
    }

    [Fact]
    public void Nonce_SameKeyAndPart_DeterministicAndAtMost25Chars()
    {
        var a = DiscordNonce.For("discord:channel:1#10-20", 0);

        Assert.Equal(a, DiscordNonce.For("discord:channel:1#10-20", 0));
        Assert.NotEqual(a, DiscordNonce.For("discord:channel:1#10-20", 1));
        Assert.NotEqual(a, DiscordNonce.For("discord:channel:1#10-21", 0));
        Assert.InRange(a.Length, 1, 25);
    }

    [Theory]
    [InlineData("https://discord.com/api/webhooks/123/abc-DEF_1", true, "123", "abc-DEF_1")]
    [InlineData("http://127.0.0.1:5000/api/v10/webhooks/9/t", true, "9", "t")]
    [InlineData("https://discord.com/api/webhooks/abc/t", false, "", "")]
    [InlineData("not a url", false, "", "")]
    public void TryParseUrl_WebhookUrls_Parsed(string url, bool ok, string id, string token)
    {
        Assert.Equal(ok, DiscordWebhookSettings.TryParseUrl(url, out var parsedId, out var parsedToken));
        if (ok)
        {
            Assert.Equal((id, token), (parsedId, parsedToken));
        }
    }

    [Theory]
    [InlineData("Alice", "Alice")]
    [InlineData("DiscordFan", "disc0rdFan")]
    [InlineData("clyde", "clyd3")]
    [InlineData("  \u0007 ", "player")]
    public void WebhookUsername_Rejected_Sanitised(string name, string expected)
    {
        Assert.Equal(expected, DiscordWebhookOutput.WebhookUsername(name));
    }
}

public sealed class DiscordDeliveryTests
{
    [Fact]
    public void Resolve_EscapedAliasWithPunctuation_Matches()
    {
        var config = MentionsConfig.Parse("mentions:\n  aliases:\n    ops-team: { role_id: \"111111111111111111\" }\n", out _);
        var resolver = new MentionResolver(config);

        var (text, mentions) = resolver.Resolve("@ops\\-team now", allowPings: true);

        Assert.Equal("<@&111111111111111111> now", text);
        Assert.Equal(["111111111111111111"], mentions.RoleIds);
    }

    [Fact]
    public void DestinationFor_RouteTargets_WebhookWinsTokenNeverInKey()
    {
        var webhook = new FactorioIsr.Configuration.RouteTarget("chat", 10, new FactorioIsr.Configuration.Secret("https://discord.com/api/webhooks/900/secret-token"), false);
        var channel = new FactorioIsr.Configuration.RouteTarget("events", 10, null, false);
        var pinging = new FactorioIsr.Configuration.RouteTarget("alerts", 11, null, true);
        var nowhere = new FactorioIsr.Configuration.RouteTarget("x", null, null, false);

        var hook = DiscordDelivery.DestinationFor(webhook);

        Assert.StartsWith("webhook:", hook, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", hook, StringComparison.Ordinal);
        Assert.Equal("discord:channel:10", DiscordDelivery.DestinationFor(channel));
        Assert.Equal("discord:channel:11+mentions", DiscordDelivery.DestinationFor(pinging));
        Assert.Null(DiscordDelivery.DestinationFor(nowhere));
    }

    [Fact]
    public async Task GetOutput_FromSettings_DeliversThroughTheFake()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        fake.AddWebhook("900", "tok", "10");
        var settings = FactorioIsr.Configuration.DiscordSettings.Defaults with
        {
            Token = new FactorioIsr.Configuration.Secret(fake.Options.Token),
            ApiBaseUrl = fake.BaseUrl,
        };
        using var delivery = new DiscordDelivery(settings, MentionsConfig.Empty, DiscordLooks.Default, null, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        var channelTarget = new FactorioIsr.Configuration.RouteTarget("events", 10, null, false);
        var hookTarget = new FactorioIsr.Configuration.RouteTarget("chat", null, new FactorioIsr.Configuration.Secret(new Uri(fake.BaseUrl, "webhooks/900/tok").ToString()), false);
        var channelOutput = delivery.GetOutput(DiscordDelivery.DestinationFor(channelTarget)!, channelTarget);
        var hookOutput = delivery.GetOutput(DiscordDelivery.DestinationFor(hookTarget)!, hookTarget);

        await Some.DrainAsync(channelOutput, Some.Entries(channelOutput.Destination, [Some.Event("join", "📥 a joined")]));
        await Some.DrainAsync(hookOutput, Some.Entries(hookOutput.Destination, [Some.Chat("bob", "hi @everyone")]));

        Assert.Same(channelOutput, delivery.GetOutput(channelOutput.Destination, channelTarget));
        Assert.Equal(DiscordDelivery.DestinationFor(hookTarget), hookOutput.Destination);
        Assert.Equal(["📥 a joined", "hi @\u200Beveryone"], fake.Messages.Select(m => m.Content));
        Assert.Equal("bob", fake.Messages[1].Username);
        DiscordTestKit.AssertValidBodies(fake);
    }
}
