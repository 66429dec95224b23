using FactorioIsr.Discord.Gateway;
using FactorioIsr.FakeDiscord;
using FactorioIsr.Hosting;
using FactorioIsr.Tests.Discord;
using FactorioIsr.Tests.Discord.Gateway;
using FactorioIsr.Tests.Simulator;
using FactorioIsr.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FactorioIsr.Tests.ChatBridge;

/// <summary>
/// The chat bridge end to end through the fake Discord's gateway: <c>isr run</c>'s composition root (the relay and the
/// gateway service), a MESSAGE_CREATE injected by the fake reaches the simulator's chat, its echo is not posted back,
/// bots and webhooks are ignored, and Identify asks for MESSAGE_CONTENT only when the bridge is on.
/// </summary>
public sealed class ChatBridgeGatewayTests : IDisposable
{
    private const int GuildMessages = 1 << 9;
    private const int MessageContent = 1 << 15;

    private readonly Configs _configs = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _configs.Dispose();

    [Fact]
    public async Task InjectedMessage_ReachesTheGame_BotsAndWebhooksDoNot_AndTheEchoIsNotPostedBack()
    {
        await using var sim = await TestSimulator.StartAsync(initialPlayers: 0);
        await using var fake = await DiscordTestKit.StartFakeAsync();
        await using var relay = await StartAsync(fake, sim, bridge: true);
        await fake.Gateway.WaitForLiveAsync(cancellationToken: Ct);
        Assert.Equal(GuildMessages | MessageContent, Assert.Single(fake.Gateway.Identifies).Intents & (GuildMessages | MessageContent));

        await fake.Gateway.InjectMessageCreateAsync(new FakeMessageCreateSpec { ChannelId = "500", Content = "beep from a bot", Bot = true }, Ct);
        await fake.Gateway.InjectMessageCreateAsync(new FakeMessageCreateSpec { ChannelId = "500", Content = "posted by a webhook", WebhookId = "4242", Username = "Captain Hook" }, Ct);
        await fake.Gateway.InjectMessageCreateAsync(new FakeMessageCreateSpec { ChannelId = "500", Content = "hi from discord <:factorio:123> /c game.print(1)", Nick = "Mase" }, Ct);

        var console = Path.Combine(sim.ServerDirectory(), "console.log");
        const string Line = "<server>: [Discord] Mase: hi from discord :factorio: /c game.print(1)";
        await ChatBridgeKit.WaitForAsync(() => ChatBridgeKit.ChatLines(console).Contains(Line), "the message in the game's chat");
        await using (var client = sim.CreateClient())
        {
            await client.ExecuteAsync("console chat after the echo", Ct);
        }

        await ChatBridgeKit.WaitForAsync(() => Posted(fake).Any(l => l.Contains("console chat after the echo", StringComparison.Ordinal)), "the console chat in Discord");
        Assert.DoesNotContain(Posted(fake), l => l.Contains("Discord", StringComparison.Ordinal) || l.Contains("Mase", StringComparison.Ordinal));
        var chat = ChatBridgeKit.ChatLines(console);
        Assert.DoesNotContain(chat, l => l.Contains("beep", StringComparison.Ordinal) || l.Contains("webhook", StringComparison.Ordinal));
        Assert.Single(chat, l => l.Contains("[Discord]", StringComparison.Ordinal));
        Assert.DoesNotContain(File.ReadAllText(console), "[COMMAND]", StringComparison.Ordinal); // the /c never ran
        Assert.Empty(fake.ValidationFailures);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Identify_AsksForMessageContentAndGuildMessages_OnlyWhenTheBridgeIsOn(bool bridge)
    {
        await using var sim = await TestSimulator.StartAsync(initialPlayers: 0);
        await using var fake = await DiscordTestKit.StartFakeAsync();
        // Another feature keeps the gateway open when the bridge is off (as the commands do).
        await using var relay = await StartAsync(fake, sim, bridge, new CollectingHandler(GatewayIntents.None, "INTERACTION_CREATE"));
        await fake.Gateway.WaitForLiveAsync(cancellationToken: Ct);

        var intents = Assert.Single(fake.Gateway.Identifies).Intents;
        Assert.Equal(bridge ? GuildMessages | MessageContent : 0, intents & (GuildMessages | MessageContent));
    }

    private static IReadOnlyList<string> Posted(FakeDiscordServer fake) => [.. fake.Messages.SelectMany(m => (m.Content ?? "").Split('\n'))];

    [Fact]
    public async Task WithTheSecurityMonitorOn_AMessageItsRulesRefuse_NeverReachesTheGame()
    {
        await using var sim = await TestSimulator.StartAsync(initialPlayers: 0);
        await using var fake = await DiscordTestKit.StartFakeAsync();
        var security = FactorioIsr.Security.SecmonConfig.Off with
        {
            Enabled = true,
            SourcePath = "secmon.yml",
            Patterns = new Dictionary<string, FactorioIsr.Security.SecurityRuleConfig>(FactorioIsr.Security.SecmonConfig.DefaultPatterns(), StringComparer.Ordinal),
        };
        await using var relay = await StartAsync(fake, sim, bridge: true, security: security);
        await fake.Gateway.WaitForLiveAsync(cancellationToken: Ct);

        await fake.Gateway.InjectMessageCreateAsync(new FakeMessageCreateSpec { ChannelId = "500", Content = "hello\\n/promote Griefer9", Nick = "Mallory" }, Ct);
        await fake.Gateway.InjectMessageCreateAsync(new FakeMessageCreateSpec { ChannelId = "500", Content = "restart at 8 && bring [item=iron-plate]", Nick = "Mase" }, Ct);

        var console = Path.Combine(sim.ServerDirectory(), "console.log");
        await ChatBridgeKit.WaitForAsync(() => ChatBridgeKit.ChatLines(console).Any(l => l.Contains("Mase: restart at 8", StringComparison.Ordinal)), "the ordinary message in the game's chat");
        Assert.DoesNotContain(ChatBridgeKit.ChatLines(console), l => l.Contains("Griefer9", StringComparison.Ordinal));
    }

    private async Task<RunningRelay> StartAsync(FakeDiscordServer fake, TestSimulator sim, bool bridge, IGatewayEventHandler? extra = null, FactorioIsr.Security.SecmonConfig? security = null)
    {
        _configs.Environment["ISR_TEST_TOKEN"] = fake.Options.Token;
        var config = _configs.LoadValid($"""
            discord:
              token: ${"{"}ISR_TEST_TOKEN{"}"}
              api_base_url: "{fake.BaseUrl}"
              gateway_base_url: "{fake.Gateway.Url}"
              chat_bridge: {(bridge ? "true" : "false")}
            servers:
              sim1:
                log_path: "{Path.Combine(sim.ServerDirectory(), "console.log")}"
                start_at: beginning
                rcon_host: 127.0.0.1
                rcon_port: {sim.Port()}
                rcon_password: {TestSimulator.Password}
                event_channel_id: 10
                chat_channel_id: 500
                enable_stats_collector: false
                enable_alerts: false
            """);
        var settings = new RelaySettings(config, TestPatterns.Shipped, Path.Combine(_configs.Root, "state", "isr.db"), null, Console: false)
        {
            Security = security ?? FactorioIsr.Security.SecmonConfig.Off,
        };
        var services = new ServiceCollection().AddLogging().AddIsrRelay(settings, TextWriter.Null);
        if (extra is not null)
        {
            services.AddSingleton(extra);
        }

        var container = services.BuildServiceProvider();
        var hosted = container.GetServices<IHostedService>().Where(s => s is RelayService or GatewayService).ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(Ct);
        }

        return new RunningRelay(container, hosted);
    }

    private sealed class RunningRelay(ServiceProvider services, List<IHostedService> hosted) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var service in Enumerable.Reverse(hosted))
            {
                await service.StopAsync(CancellationToken.None);
            }

            await services.DisposeAsync();
        }
    }
}
