using System.Text.Json.Nodes;
using FactorioIsr.Discord.Gateway;
using FactorioIsr.FakeDiscord;
using FactorioIsr.Tests.Discord;
using FactorioIsr.Tests.Http;
using FactorioIsr.Tests.Simulator;
using FactorioIsr.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FactorioIsr.Tests.ChatBridge;

/// <summary>
/// The chat bridge in <c>isr run</c>'s real composition root, against simulated servers and the fake Discord: a
/// MESSAGE_CREATE handed to the registered gateway handler reaches the games of its channel as plain chat, its echo in
/// console.log is not posted back (also when it is read after a restart), ordinary server chat still is.
/// </summary>
public sealed class ChatBridgeRelayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Server(TestSimulator sim, int index, ulong chat, bool log = true, string extra = "") => $"""
          sim{index + 1}:
            rcon_host: 127.0.0.1
            rcon_port: {sim.Port(index)}
            rcon_password: {TestSimulator.Password}
            event_channel_id: 10
            chat_channel_id: {chat}
            enable_stats_collector: false
            enable_alerts: false
        {(log ? $"    log_path: \"{Path.Combine(sim.ServerDirectory(index), "console.log")}\"\n    start_at: beginning\n" : "")}{extra}
        """;

    private static string Yaml(FakeDiscordServer fake, string servers, bool bridge = true) => $"""
        discord:
          token: "{fake.Options.Token}"
          api_base_url: "{fake.BaseUrl}"
        {(bridge ? "  chat_bridge: true\n" : "")}servers:
        {servers}
        """;

    private static IReadOnlyList<string> Posted(FakeDiscordServer fake) => [.. fake.Messages.SelectMany(m => (m.Content ?? "").Split('\n'))];

    private static string Console(TestSimulator sim, int index) => Path.Combine(sim.ServerDirectory(index), "console.log");

    [Fact]
    public async Task MessageInASharedChatChannel_ReachesEachOfItsGames_BotsAndWebhooksIgnored_AndTheEchoIsNotPostedBack()
    {
        using var dir = new TempDirectory();
        await using var sim = await TestSimulator.StartAsync(servers: 3, initialPlayers: 0);
        await using var fake = await DiscordTestKit.StartFakeAsync();
        await using var relay = await RelayUnderTest.StartAsync(dir, Yaml(fake, Server(sim, 0, 500) + Server(sim, 1, 500) + Server(sim, 2, 600)));
        var handler = Assert.Single(relay.Services.GetServices<IGatewayEventHandler>(), h => h.Events.Contains("MESSAGE_CREATE"));
        Assert.Equal(GatewayIntents.GuildMessages | GatewayIntents.MessageContent, handler.Intents);
        Assert.Contains("MESSAGE_CREATE", handler.Events);

        var hello = ChatBridgeKit.Message(500, "hello <@222> [img=utility/danger_icon]\nsecond line", nick: "Mase");
        hello["mentions"] = new JsonArray(new JsonObject { ["id"] = "222", ["username"] = "bob", ["global_name"] = "Bob" });
        await handler.HandleAsync(ChatBridgeKit.Dispatch(ChatBridgeKit.Message(500, "I am a bot", bot: true)), Ct);
        await handler.HandleAsync(ChatBridgeKit.Dispatch(ChatBridgeKit.Message(500, "I am a webhook", webhook: true)), Ct);
        await handler.HandleAsync(ChatBridgeKit.Dispatch(ChatBridgeKit.Message(500, "", type: 7)), Ct); // a member joined
        await handler.HandleAsync(ChatBridgeKit.Dispatch(ChatBridgeKit.Message(500, "  \n ")), Ct);
        await handler.HandleAsync(ChatBridgeKit.Dispatch(ChatBridgeKit.Message(700, "no server chats here")), Ct);
        await handler.HandleAsync(ChatBridgeKit.Dispatch(hello), Ct);
        await handler.HandleAsync(ChatBridgeKit.Dispatch(hello, sequence: 2), Ct); // replayed around a resume: relayed once

        const string Relayed = "<server>: [Discord] Mase: hello @Bob (img=utility/danger_icon) second line";
        await ChatBridgeKit.WaitForAsync(() => ChatBridgeKit.ChatLines(Console(sim, 0)).Contains(Relayed) && ChatBridgeKit.ChatLines(Console(sim, 1)).Contains(Relayed), "the line in both games of channel 500");

        // Console chat typed after the echo: once it is posted, the echo before it was read and routed too.
        for (var i = 0; i < 2; i++)
        {
            await using var client = sim.CreateClient(i);
            await client.ExecuteAsync($"typed on console {i + 1} **really**", Ct);
        }

        await ChatBridgeKit.WaitForAsync(() => Posted(fake).Count(l => l.Contains("typed on console", StringComparison.Ordinal)) == 2, "the console chat of both servers");
        Assert.DoesNotContain(Posted(fake), l => l.Contains("Discord", StringComparison.Ordinal) || l.Contains("Mase", StringComparison.Ordinal));
        var typed = fake.Messages.Where(m => m.Content!.Contains("typed on console", StringComparison.Ordinal)).ToList();
        Assert.All(typed, m => Assert.Equal("500", m.ChannelId)); // game chat goes to the chat channel
        Assert.Contains(Posted(fake), l => l.Contains(@"typed on console 1 \*\*really\*\*", StringComparison.Ordinal)); // escaped

        Assert.DoesNotContain(ChatBridgeKit.ChatLines(Console(sim, 2)), l => l.Contains("Discord", StringComparison.Ordinal));
        foreach (var index in new[] { 0, 1 })
        {
            var chat = ChatBridgeKit.ChatLines(Console(sim, index));
            Assert.Single(chat, l => l.Contains("[Discord]", StringComparison.Ordinal));
            Assert.DoesNotContain(chat, l => l.Contains("I am a", StringComparison.Ordinal) || l.Contains("no server chats", StringComparison.Ordinal));
        }

        DiscordTestKit.AssertValidBodies(fake);
    }

    [Fact]
    public async Task TheEchoReadAfterARestartOfIsr_IsNotPostedBack_ButConsoleChatAfterItIs()
    {
        using var dir = new TempDirectory();
        await using var sim = await TestSimulator.StartAsync(servers: 1, initialPlayers: 0);
        await using var fake = await DiscordTestKit.StartFakeAsync();

        // The first isr relays the message and stops before it read its echo (here it does not tail console.log at all).
        await using (var first = await RelayUnderTest.StartAsync(dir, Yaml(fake, Server(sim, 0, 500, log: false))))
        {
            var handler = Assert.Single(first.Services.GetServices<IGatewayEventHandler>(), h => h.Events.Contains("MESSAGE_CREATE"));
            await handler.HandleAsync(ChatBridgeKit.Dispatch(ChatBridgeKit.Message(500, "before the restart")), Ct);
            await ChatBridgeKit.WaitForAsync(() => ChatBridgeKit.ChatLines(Console(sim, 0)).Contains("<server>: [Discord] Mason: before the restart"), "the line in the game");
        }

        // The next isr reads console.log from the start with the same state: the echo is old news.
        await using var second = await RelayUnderTest.StartAsync(dir, Yaml(fake, Server(sim, 0, 500)));
        await using (var client = sim.CreateClient())
        {
            await client.ExecuteAsync("typed after the restart", Ct);
        }

        await ChatBridgeKit.WaitForAsync(() => Posted(fake).Any(l => l.Contains("typed after the restart", StringComparison.Ordinal)), "the console chat");
        Assert.DoesNotContain(Posted(fake), l => l.Contains("before the restart", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BridgeOff_NoHandlerIsRegistered_SoMessageContentIsNeverAskedFor_AndOneServerCanTurnItOn()
    {
        using var dir = new TempDirectory();
        await using var sim = await TestSimulator.StartAsync(servers: 2, initialPlayers: 0);
        await using var fake = await DiscordTestKit.StartFakeAsync();
        await using (var off = await RelayUnderTest.StartAsync(dir, Yaml(fake, Server(sim, 0, 500), bridge: false), start: false))
        {
            Assert.DoesNotContain(off.Services.GetServices<IGatewayEventHandler>(), h => h.Intents.HasFlag(GatewayIntents.MessageContent));
        }

        await using (var serverOff = await RelayUnderTest.StartAsync(dir, Yaml(fake, Server(sim, 0, 500, extra: "    chat_bridge: false\n")), start: false))
        {
            Assert.DoesNotContain(serverOff.Services.GetServices<IGatewayEventHandler>(), h => h.Intents.HasFlag(GatewayIntents.MessageContent));
        }

        await using var one = await RelayUnderTest.StartAsync(dir, Yaml(fake, Server(sim, 0, 500, extra: "    chat_bridge: true\n") + Server(sim, 1, 600), bridge: false));
        var handler = Assert.Single(one.Services.GetServices<IGatewayEventHandler>(), h => h.Intents.HasFlag(GatewayIntents.MessageContent));
        await handler.HandleAsync(ChatBridgeKit.Dispatch(ChatBridgeKit.Message(600, "to the server without the bridge")), Ct);
        await handler.HandleAsync(ChatBridgeKit.Dispatch(ChatBridgeKit.Message(500, "to the bridged server")), Ct);
        await ChatBridgeKit.WaitForAsync(() => ChatBridgeKit.ChatLines(Console(sim, 0)).Contains("<server>: [Discord] Mason: to the bridged server"), "the bridged line");
        Assert.DoesNotContain(ChatBridgeKit.ChatLines(Console(sim, 1)), l => l.Contains("Discord", StringComparison.Ordinal));
    }
}
