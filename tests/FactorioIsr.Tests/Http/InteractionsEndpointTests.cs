using System.Text.Json.Nodes;
using FactorioIsr.FakeDiscord;
using FactorioIsr.FakeDiscord.Interactions;
using FactorioIsr.Http;
using FactorioIsr.Tests.Discord;
using FactorioIsr.Tests.Simulator;
using FactorioIsr.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FactorioIsr.Tests.Http;

/// <summary>
/// <c>POST /interactions</c> in <c>isr run</c>'s real host (Kestrel on the health port), with the fake Discord signing
/// and POSTing as Discord does, and a simulated server behind the commands: PING, refused signatures and timestamps,
/// a deferred command whose result edits <c>@original</c>, immediate answers in the body, every 200 body checked against
/// Discord's OpenAPI schema of an interaction response, and the gateway running beside it.
/// </summary>
public sealed class InteractionsEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Yaml(FakeDiscordServer fake, TestSimulator? sim, TempDirectory dir, bool publicKey = true, bool token = true) => $"""
        discord:
        {(token ? $"  token: \"{fake.Options.Token}\"\n" : "")}  application_id: "{fake.Options.ApplicationId}"
          api_base_url: "{fake.BaseUrl}"
          gateway_base_url: "{fake.Gateway.Url}"
        {(publicKey ? $"  public_key: \"{fake.HttpInteractions.PublicKeyHex.ToUpperInvariant()}\"\n" : "")}servers:
          sim1:
        {(sim is null ? $"    log_path: \"{dir.Write("console.log", "")}\"\n" : $"    rcon_host: 127.0.0.1\n    rcon_port: {sim.Port(0)}\n    rcon_password: {TestSimulator.Password}\n")}    event_channel_id: 10
            enable_stats_collector: false
            enable_alerts: false
        """;

    private static Uri Endpoint(RelayUnderTest relay) => new($"http://127.0.0.1:{relay.Port}/interactions");

    private static FakeInteractionSpec Command(string sub, string top = "factorio", JsonArray? options = null) => new()
    {
        CommandName = top,
        Options = [new JsonObject { ["name"] = sub, ["type"] = 1, ["options"] = options ?? [] }],
    };

    [Fact]
    public async Task Ping_IsAnsweredPong_AsJson()
    {
        using var dir = new TempDirectory();
        await using var fake = await DiscordTestKit.StartFakeAsync();
        await using var relay = await RelayUnderTest.StartAsync(dir, Yaml(fake, sim: null, dir));

        var pong = await fake.HttpInteractions.PingAsync(Endpoint(relay), cancellationToken: Ct);

        Assert.Equal(200, pong.Status);
        Assert.Equal("application/json", pong.ContentType);
        Assert.Equal("""{"type":1}""", pong.Body);
        Assert.Empty(pong.ValidationErrors);
        Assert.Equal(1, relay.Services.GetRequiredService<InteractionsEndpoint>().Count(InteractionsEndpoint.Outcome.Pong));
    }

    [Theory]
    [InlineData(FakeSigning.Tampered)]
    [InlineData(FakeSigning.WrongKey)]
    [InlineData(FakeSigning.BodyChanged)]
    [InlineData(FakeSigning.NoSignature)]
    public async Task ABadOrMissingSignature_Is401_AndReachesNoCommand(FakeSigning signing)
    {
        using var dir = new TempDirectory();
        await using var fake = await DiscordTestKit.StartFakeAsync();
        await using var relay = await RelayUnderTest.StartAsync(dir, Yaml(fake, sim: null, dir));

        var ping = await fake.HttpInteractions.PingAsync(Endpoint(relay), signing, Ct);
        var help = await fake.HttpInteractions.SendAsync(Endpoint(relay), Command("help"), signing, cancellationToken: Ct);

        Assert.Equal(401, ping.Status);
        Assert.Equal(401, help.Status);
        Assert.Equal("", help.Body);
        await Task.Delay(200, Ct);
        Assert.Empty(fake.Interactions.Callbacks);
        Assert.DoesNotContain(fake.Requests, r => r.Route.Contains("interaction", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ATimestampMoreThanFiveMinutesAway_Is401_EvenWhenSigned()
    {
        using var dir = new TempDirectory();
        await using var fake = await DiscordTestKit.StartFakeAsync();
        await using var relay = await RelayUnderTest.StartAsync(dir, Yaml(fake, sim: null, dir));
        var now = TimeProvider.System.GetUtcNow();

        var old = await fake.HttpInteractions.SendAsync(Endpoint(relay), new FakeInteractionSpec { Type = 1 }, timestamp: now.AddMinutes(-6), cancellationToken: Ct);
        var future = await fake.HttpInteractions.SendAsync(Endpoint(relay), new FakeInteractionSpec { Type = 1 }, timestamp: now.AddMinutes(6), cancellationToken: Ct);
        var recent = await fake.HttpInteractions.SendAsync(Endpoint(relay), new FakeInteractionSpec { Type = 1 }, timestamp: now.AddMinutes(-4), cancellationToken: Ct);
        var garbage = await fake.HttpInteractions.PostRawAsync(Endpoint(relay), """{"type":1}""", timestamp: null, cancellationToken: Ct);

        Assert.Equal(401, old.Status);
        Assert.Equal(401, future.Status);
        Assert.Equal(200, recent.Status);
        Assert.Equal(400, garbage.Status); // signed, fresh, but no interaction id and token
        Assert.Equal(2, relay.Services.GetRequiredService<InteractionsEndpoint>().Count(InteractionsEndpoint.Outcome.Stale));
    }

    [Fact]
    public async Task ABodyOverTheBound_Is413_AndAGetIs405()
    {
        using var dir = new TempDirectory();
        await using var fake = await DiscordTestKit.StartFakeAsync();
        await using var relay = await RelayUnderTest.StartAsync(dir, Yaml(fake, sim: null, dir));
        var big = "{\"type\":1,\"pad\":\"" + new string('x', InteractionsEndpoint.MaxBodyBytes) + "\"}";

        var tooLarge = await fake.HttpInteractions.PostRawAsync(Endpoint(relay), big, cancellationToken: Ct);
        var (get, _, _) = await relay.GetAsync("/interactions");

        Assert.Equal(413, tooLarge.Status);
        Assert.Equal(405, get);
    }

    [Fact]
    public async Task WithoutAPublicKey_TheEndpointIsAbsent()
    {
        using var dir = new TempDirectory();
        await using var fake = await DiscordTestKit.StartFakeAsync();
        await using var relay = await RelayUnderTest.StartAsync(dir, Yaml(fake, sim: null, dir, publicKey: false));

        var ping = await fake.HttpInteractions.PingAsync(Endpoint(relay), cancellationToken: Ct);

        Assert.Equal(404, ping.Status);
        Assert.Null(relay.Services.GetService<InteractionsEndpoint>());
        Assert.Equal(200, (await relay.GetAsync("/health")).Status);
    }

    [Fact]
    public async Task Players_IsDeferredInTheResponse_ThenItsOriginalIsEditedWithThePlayerList()
    {
        using var dir = new TempDirectory();
        await using var sim = await TestSimulator.StartAsync(servers: 1, initialPlayers: 3);
        await using var fake = await DiscordTestKit.StartFakeAsync();
        await using var relay = await RelayUnderTest.StartAsync(dir, Yaml(fake, sim, dir));
        await relay.WaitForAsync("/ready", (status, _) => status == 200);

        var players = await fake.HttpInteractions.SendAsync(Endpoint(relay), Command("players"), cancellationToken: Ct);

        Assert.Equal(200, players.Status);
        Assert.Equal("application/json", players.ContentType);
        Assert.Equal(5, players.Type); // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
        Assert.Empty(players.ValidationErrors);
        await WaitUntilAsync(() => fake.Interactions.EditsFor(players.Token!).Count > 0, "the edit of @original");
        var edit = Assert.Single(fake.Interactions.EditsFor(players.Token!));
        Assert.Equal(200, edit.Status); // the token was live: the fake took the HTTP body as the callback
        Assert.Equal("👥 Players on sim1", edit.Body!["embeds"]![0]!["title"]!.GetValue<string>());
        Assert.Contains("Online Players (3)", edit.Body.ToJsonString(), StringComparison.Ordinal);
        // No REST callback: the response body was the answer.
        Assert.DoesNotContain(fake.Requests, r => r.Route.EndsWith("/callback", StringComparison.Ordinal));
        DiscordTestKit.AssertValidBodies(fake);
    }

    [Fact]
    public async Task AReplicaWithoutABotToken_OpensNoGateway_AndStillAnswersThroughTheEndpoint()
    {
        using var dir = new TempDirectory();
        await using var sim = await TestSimulator.StartAsync(servers: 1, initialPlayers: 2);
        await using var fake = await DiscordTestKit.StartFakeAsync();
        await using var relay = await RelayUnderTest.StartAsync(dir, Yaml(fake, sim, dir, token: false));
        await relay.WaitForAsync("/ready", (status, _) => status == 200);

        var players = await fake.HttpInteractions.SendAsync(Endpoint(relay), Command("players"), cancellationToken: Ct);

        Assert.Equal(5, players.Type);
        await WaitUntilAsync(() => fake.Interactions.EditsFor(players.Token!).Count > 0, "the edit of @original");
        var edit = Assert.Single(fake.Interactions.EditsFor(players.Token!));
        Assert.Equal(200, edit.Status); // the interaction webhook needs no bot token
        Assert.Contains("Online Players (2)", edit.Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(fake.Gateway.Connections);
        DiscordTestKit.AssertValidBodies(fake);
    }

    [Fact]
    public async Task Help_AndAutocomplete_AreAnsweredInTheResponseBody()
    {
        using var dir = new TempDirectory();
        await using var sim = await TestSimulator.StartAsync(servers: 1, initialPlayers: 0);
        await using var fake = await DiscordTestKit.StartFakeAsync();
        await using var relay = await RelayUnderTest.StartAsync(dir, Yaml(fake, sim, dir));

        var help = await fake.HttpInteractions.SendAsync(Endpoint(relay), Command("help"), cancellationToken: Ct);
        var complete = await fake.HttpInteractions.SendAsync(Endpoint(relay), Command("players", options: [new JsonObject
        {
            ["name"] = "server", ["type"] = 3, ["value"] = "si", ["focused"] = true,
        }]) with { Type = 4 }, cancellationToken: Ct);

        Assert.Equal(200, help.Status);
        Assert.Equal(4, help.Type); // CHANNEL_MESSAGE_WITH_SOURCE
        Assert.Contains("/factorio players", help.Body, StringComparison.Ordinal);
        Assert.Equal(8, complete.Type); // APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
        Assert.Equal("sim1", complete.Json!["data"]!["choices"]![0]!["value"]!.GetValue<string>());
        Assert.Empty(help.ValidationErrors);
        Assert.Empty(complete.ValidationErrors);
        Assert.Equal(200, Assert.Single(fake.Interactions.CallbacksFor(help.Id!)).Status);
        Assert.DoesNotContain(fake.Requests, r => r.Route.EndsWith("/callback", StringComparison.Ordinal));
        DiscordTestKit.AssertValidBodies(fake);
    }

    [Fact]
    public async Task TheGatewayAndTheEndpoint_EachAnswerWhatTheyDelivered_AndARepeatIs202()
    {
        using var dir = new TempDirectory();
        await using var sim = await TestSimulator.StartAsync(servers: 1, initialPlayers: 0);
        await using var fake = await DiscordTestKit.StartFakeAsync();
        await using var relay = await RelayUnderTest.StartAsync(dir, Yaml(fake, sim, dir));
        await fake.Gateway.WaitForLiveAsync(cancellationToken: Ct);

        var overGateway = await fake.Gateway.InjectInteractionAsync(Command("help"), Ct);
        var overHttp = await fake.HttpInteractions.SendAsync(Endpoint(relay), Command("help"), cancellationToken: Ct);
        var again = await fake.HttpInteractions.SendAsync(Endpoint(relay), Command("help") with { Id = overGateway.Id, Token = overGateway.Token }, cancellationToken: Ct);
        await WaitUntilAsync(() => fake.Interactions.CallbacksFor(overGateway.Id).Count > 0, "the gateway interaction's REST callback");

        Assert.Equal(4, overHttp.Type);
        Assert.Equal(202, again.Status); // seen already: its first delivery answers it
        Assert.Equal("", again.Body);
        var callback = Assert.Single(fake.Interactions.CallbacksFor(overGateway.Id));
        Assert.Equal(204, callback.Status); // through POST /interactions/{id}/{token}/callback
        Assert.Single(fake.Requests, r => r.Route.EndsWith("/callback", StringComparison.Ordinal));
        DiscordTestKit.AssertValidBodies(fake);
    }

    [Fact]
    public async Task ThePublicKey_AppearsOnNoOtherEndpoint()
    {
        using var dir = new TempDirectory();
        await using var fake = await DiscordTestKit.StartFakeAsync();
        await using var relay = await RelayUnderTest.StartAsync(dir, Yaml(fake, sim: null, dir));
        await fake.HttpInteractions.PingAsync(Endpoint(relay), cancellationToken: Ct);

        foreach (var path in new[] { "/health", "/ready", "/metrics" })
        {
            var (_, body, _) = await relay.GetAsync(path);
            Assert.DoesNotContain(fake.HttpInteractions.PublicKeyHex, body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(fake.HttpInteractions.PublicKeyHex[..16], body, StringComparison.OrdinalIgnoreCase);
        }

        var (_, metrics, _) = await relay.GetAsync("/metrics");
        Assert.Contains("isr_http_interactions_total{outcome=\"pong\"} 1", metrics, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> done, string what)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "timed out waiting for " + what);
            await Task.Delay(20, Ct);
        }
    }
}
