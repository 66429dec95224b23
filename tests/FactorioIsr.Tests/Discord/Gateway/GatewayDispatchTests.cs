using System.Text.Json.Nodes;
using FactorioIsr.Discord.Gateway;
using FactorioIsr.FakeDiscord;

namespace FactorioIsr.Tests.Discord.Gateway;

/// <summary>Hello, Identify, READY and dispatches reaching the handlers, against the fake gateway on loopback.</summary>
public sealed class GatewayDispatchTests
{
    [Fact]
    public async Task Run_InjectedDispatches_ReachTheHandlersThatTakeTheirType_InOrder()
    {
        var commands = new CollectingHandler(GatewayIntents.None, "INTERACTION_CREATE");
        var chat = new CollectingHandler(GatewayIntents.GuildMessages | GatewayIntents.MessageContent, "MESSAGE_CREATE");
        await using var gateway = await GatewayUnderTest.StartAsync([commands, chat]);
        await gateway.Gateway.WaitForLiveAsync(cancellationToken: TestContext.Current.CancellationToken);

        var interaction = await gateway.Gateway.InjectInteractionAsync(new FakeInteractionSpec { Options = [new JsonObject { ["name"] = "status", ["type"] = 1 }] }, TestContext.Current.CancellationToken);
        var message = await gateway.Gateway.InjectMessageCreateAsync(new FakeMessageCreateSpec { ChannelId = "42", Content = "hello" }, TestContext.Current.CancellationToken);
        var other = await gateway.Gateway.InjectDispatchAsync("INTERACTION_CREATE", new JsonObject { ["id"] = "2" }, TestContext.Current.CancellationToken);
        await gateway.Gateway.WaitUntilAsync(() => commands.Received.Count == 2 && chat.Received.Count == 1, "dispatches at the handlers", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([interaction.Sequence, other], commands.Received.Select(d => d.Sequence));
        Assert.Equal(interaction.Id, commands.Received[0].Data.GetProperty("id").GetString());
        Assert.Equal("status", commands.Received[0].Data.GetProperty("data").GetProperty("options")[0].GetProperty("name").GetString());
        Assert.Equal(message.Sequence, Assert.Single(chat.Received).Sequence);
        Assert.Equal("hello", chat.Received[0].Data.GetProperty("content").GetString());
        await gateway.WaitForStatusAsync(s => s.Sequence == other, "sequence of the last dispatch");
        Assert.Equal(GatewayState.Connected, gateway.Client.Status.State);
        Assert.Equal(gateway.Fake.Options.ApplicationId, gateway.Client.Status.ApplicationId);
        Assert.Equal(gateway.Gateway.BotUserId, gateway.Client.Status.UserId);
        Assert.Equal(gateway.Gateway.SessionId, gateway.Client.Status.SessionId);
        Assert.Empty(gateway.Fake.ValidationFailures);
    }

    [Fact]
    public async Task Run_AThrowingHandler_IsLoggedAndTheLoopGoesOn()
    {
        var failing = new CollectingHandler(GatewayIntents.None, "INTERACTION_CREATE") { ThrowOn = _ => true };
        var next = new CollectingHandler(GatewayIntents.None, "INTERACTION_CREATE");
        await using var gateway = await GatewayUnderTest.StartAsync([failing, next]);
        await gateway.Gateway.WaitForLiveAsync(cancellationToken: TestContext.Current.CancellationToken);

        for (var i = 0; i < 3; i++)
        {
            await gateway.Gateway.InjectDispatchAsync("INTERACTION_CREATE", new JsonObject { ["n"] = i }, TestContext.Current.CancellationToken);
        }

        await gateway.Gateway.WaitUntilAsync(() => next.Received.Count == 3, "all three at the second handler", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(3, failing.Received.Count);
        Assert.Equal([0, 1, 2], next.Received.Select(d => d.Data.GetProperty("n").GetInt32()));
        Assert.Equal(GatewayState.Connected, gateway.Client.Status.State);
    }

    [Fact]
    public async Task Identify_IntentsAreTheUnionOfTheHandlers_WithoutMessageContentWhenNoHandlerAsks()
    {
        var commands = new CollectingHandler(GatewayIntents.None, "INTERACTION_CREATE");
        var guilds = new CollectingHandler(GatewayIntents.Guilds, "GUILD_CREATE");
        await using var gateway = await GatewayUnderTest.StartAsync([commands, guilds]);
        await gateway.Gateway.WaitForLiveAsync(cancellationToken: TestContext.Current.CancellationToken);

        var identify = Assert.Single(gateway.Gateway.Identifies);
        Assert.Equal((int)GatewayIntents.Guilds, identify.Intents);
        Assert.Equal(0, identify.Intents & (int)GatewayIntents.MessageContent);
        Assert.Equal(gateway.Fake.Options.Token, identify.Token);
        Assert.Equal(FakeGateway.Path, Assert.Single(gateway.Gateway.Connections).Path);
        Assert.Equal("?v=10&encoding=json", gateway.Gateway.Connections[0].Query);
        Assert.Empty(gateway.Fake.ValidationFailures);
    }

    [Fact]
    public async Task Identify_WithTheChatBridgeHandler_AsksForMessageContent()
    {
        var chat = new CollectingHandler(GatewayIntents.GuildMessages | GatewayIntents.MessageContent, "MESSAGE_CREATE");
        var commands = new CollectingHandler(GatewayIntents.Guilds, "INTERACTION_CREATE");
        await using var gateway = await GatewayUnderTest.StartAsync([chat, commands]);
        await gateway.Gateway.WaitForLiveAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal((int)(GatewayIntents.Guilds | GatewayIntents.GuildMessages | GatewayIntents.MessageContent), Assert.Single(gateway.Gateway.Identifies).Intents);
        Assert.Equal(GatewayIntents.Guilds | GatewayIntents.GuildMessages | GatewayIntents.MessageContent, gateway.Client.Status.Intents);
    }

    [Fact]
    public async Task Heartbeat_CarriesTheLastSequence_AndEachIsAcknowledged()
    {
        var handler = new CollectingHandler(GatewayIntents.None, "INTERACTION_CREATE");
        await using var gateway = await GatewayUnderTest.StartAsync([handler], g => g.HeartbeatInterval = TimeSpan.FromMilliseconds(100));
        await gateway.Gateway.WaitForLiveAsync(cancellationToken: TestContext.Current.CancellationToken);
        var sequence = await gateway.Gateway.InjectDispatchAsync("INTERACTION_CREATE", new JsonObject(), TestContext.Current.CancellationToken);

        await gateway.Gateway.WaitUntilAsync(() => gateway.Gateway.Heartbeats.Any(h => h.Sequence == sequence), "a heartbeat with the last sequence", cancellationToken: TestContext.Current.CancellationToken);
        await gateway.WaitForStatusAsync(s => s.Latency is not null && s.LastAckAt is not null, "an acknowledged heartbeat");
        Assert.Single(gateway.Gateway.Connections);
        Assert.Empty(gateway.Fake.ValidationFailures);
    }
}
