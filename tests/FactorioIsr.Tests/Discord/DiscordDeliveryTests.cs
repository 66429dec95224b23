using FactorioIsr.Delivery.DiscordOutputs;
using FactorioIsr.Delivery.DiscordOutputs.Mentions;

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

    private static FactorioIsr.Configuration.IsrConfiguration Config(params FactorioIsr.Configuration.ServerConfig[] servers) => new(
        "servers.yml", FactorioIsr.Configuration.GlobalSettings.Defaults, servers);

    private static FactorioIsr.Configuration.ServerConfig Server(string tag, ulong events, Dictionary<string, FactorioIsr.Configuration.RouteConfig>? channels = null) =>
        new() { Tag = tag, Name = tag, EventChannelId = events, Channels = channels ?? [] };

    private static DiscordDelivery Delivery(FactorioIsr.FakeDiscord.FakeDiscordServer fake, string? token = null) => new(
        FactorioIsr.Configuration.DiscordSettings.Defaults with
        {
            Token = new FactorioIsr.Configuration.Secret(token ?? fake.Options.Token),
            ApiBaseUrl = fake.BaseUrl,
        },
        MentionsConfig.Empty, DiscordLooks.Default, null, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

    [Fact]
    public async Task CreateOutputs_Configuration_KeysMatchTheRelayRouterAndDeliverThroughTheFake()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        fake.AddWebhook("900", "tok", "20");
        var hookUrl = new FactorioIsr.Configuration.Secret(new Uri(fake.BaseUrl, "webhooks/900/tok").ToString());
        var config = Config(
            Server("s1", 10, new Dictionary<string, FactorioIsr.Configuration.RouteConfig>
            {
                ["chat"] = new("chat", null, hookUrl, false),
                ["ops"] = new("ops", 11, null, true),
            }),
            Server("s2", 10));
        using var delivery = Delivery(fake);

        var outputs = delivery.CreateOutputs(config);

        IReadOnlyList<string> router(FactorioIsr.Events.FactorioEvent e) => [.. config.Servers.SelectMany(s => FactorioIsr.Ingest.RelayRouter.ForServer(s)(e))];
        var chat = Some.Chat("bob", "hi @everyone") with { Route = "chat" };
        var join = Some.Event("join", "📥 a joined") with { Route = "events" };
        var hookKey = FactorioIsr.Ingest.RelayRouter.WebhookDestination(hookUrl);
        Assert.Equal(new[] { "discord:channel:10", "discord:channel:11", hookKey }.Order(StringComparer.Ordinal),
            outputs.Select(o => o.Destination).Order(StringComparer.Ordinal));
        Assert.All(router(chat).Concat(router(join)), key => Assert.Contains(key, outputs.Select(o => o.Destination)));
        var hookOutput = outputs.Single(o => o.Destination == hookKey);
        var channelOutput = outputs.Single(o => o.Destination == "discord:channel:10");

        await Some.DrainAsync(channelOutput, Some.Entries(channelOutput.Destination, [join]));
        await Some.DrainAsync(hookOutput, Some.Entries(hookOutput.Destination, [chat]));

        Assert.Same(outputs[0], delivery.CreateOutputs(config)[0]);
        Assert.Equal(["📥 a joined", "hi @\u200Beveryone"], fake.Messages.Select(m => m.Content));
        Assert.Equal("bob", fake.Messages[1].Username);
        DiscordTestKit.AssertValidBodies(fake);
    }

    [Fact]
    public async Task Health_InvalidToken_ReportsTokenAndDisabledOutput()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        using var delivery = Delivery(fake, token: "revoked");
        var output = delivery.CreateOutputs(Config(Server("s1", 10))).Single();
        Assert.Null(delivery.Health.TokenError);
        Assert.Empty(delivery.Health.DisabledOutputs);

        await Some.DrainAsync(output, Some.Entries(output.Destination, [Some.Event("join", "x")]));

        var health = delivery.Health;
        Assert.NotNull(health.TokenError);
        Assert.Contains("401", health.DisabledOutputs["discord:channel:10"], StringComparison.Ordinal);
    }
}
