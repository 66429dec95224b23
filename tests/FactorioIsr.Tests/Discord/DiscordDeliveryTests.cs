using FactorioIsr.Delivery.Discord;
using FactorioIsr.Delivery.Discord.Mentions;

namespace FactorioIsr.Tests.Discord;

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

    [Fact]
    public async Task Health_InvalidToken_ReportsTokenAndDisabledOutput()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        var settings = FactorioIsr.Configuration.DiscordSettings.Defaults with
        {
            Token = new FactorioIsr.Configuration.Secret("revoked"),
            ApiBaseUrl = fake.BaseUrl,
        };
        using var delivery = new DiscordDelivery(settings, MentionsConfig.Empty, DiscordLooks.Default, null, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        var target = new FactorioIsr.Configuration.RouteTarget("events", 10, null, false);
        var output = delivery.GetOutput(DiscordDelivery.DestinationFor(target)!, target);
        Assert.True(delivery.Health.Healthy);

        await Some.DrainAsync(output, Some.Entries(output.Destination, [Some.Event("join", "x")]));

        var health = delivery.Health;
        Assert.False(health.Healthy);
        Assert.False(health.TokenAccepted);
        Assert.Contains("401", health.DisabledOutputs["discord:channel:10"], StringComparison.Ordinal);
    }
}
