using FactorioIsr.Delivery.DiscordOutputs;
using FactorioIsr.Delivery.DiscordOutputs.Mentions;
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
        Assert.Contains(errors, e => e.ToString().StartsWith("3:10:", StringComparison.Ordinal) && e.ToString().Contains("list of aliases", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.ToString().Contains("@everyone and @here never ping", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.ToString().Contains("exactly one of role_id or user_id", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.ToString().Contains("not a Discord id", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.ToString().Contains("mentions.users", StringComparison.Ordinal));
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
