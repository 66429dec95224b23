using System.Text.Json.Nodes;
using FactorioIsr.FakeDiscord;
using FactorioIsr.Tests.Discord.Gateway;

namespace FactorioIsr.Tests.Commands;

/// <summary>
/// The whole path over the socket: the fake gateway injects INTERACTION_CREATE, the gateway client hands it to the
/// <see cref="FactorioIsr.Commands.InteractionRouter"/>, the command runs against the simulator, the reply goes back
/// through the REST callback and the @original edit.
/// </summary>
public sealed class GatewayCommandTests
{
    [Fact]
    public async Task Players_through_the_gateway()
    {
        await using var h = await CommandHarness.StartAsync(servers: 1);
        await using var gateway = await GatewayUnderTest.StartAsync([h.Router], fake: h.Fake);
        await gateway.Gateway.WaitForLiveAsync(cancellationToken: TestContext.Current.CancellationToken);
        var online = await h.OnlinePlayersAsync();

        var interaction = await gateway.Gateway.InjectInteractionAsync(new FakeInteractionSpec
        {
            CommandName = "factorio",
            Options = [new JsonObject { ["name"] = "players", ["type"] = 1, ["options"] = new JsonArray() }],
        }, TestContext.Current.CancellationToken);
        await gateway.Gateway.WaitUntilAsync(() => h.Fake.Interactions.EditsFor(interaction.Token).Count > 0, "the edited reply", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(5, Assert.Single(h.Fake.Interactions.CallbacksFor(interaction.Id)).Type);
        var edit = Assert.Single(h.Fake.Interactions.EditsFor(interaction.Token));
        Assert.Equal(200, edit.Status);
        Assert.Equal("👥 Players on Sim 1", edit.Body!["embeds"]![0]!["title"]!.GetValue<string>());
        Assert.Contains($"Online Players ({online.Count})", edit.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(h.Fake.ValidationFailures);
    }

    [Fact]
    public async Task A_danger_command_and_its_button_through_the_gateway()
    {
        await using var h = await CommandHarness.StartAsync(servers: 1);
        await using var gateway = await GatewayUnderTest.StartAsync([h.Router], fake: h.Fake);
        await gateway.Gateway.WaitForLiveAsync(cancellationToken: TestContext.Current.CancellationToken);

        var ban = await gateway.Gateway.InjectInteractionAsync(new FakeInteractionSpec
        {
            CommandName = "factorio-admin",
            Permissions = "8",
            Options = [new JsonObject { ["name"] = "ban", ["type"] = 1, ["options"] = new JsonArray(new JsonObject { ["name"] = "player", ["type"] = 3, ["value"] = "Griefer" }) }],
        }, TestContext.Current.CancellationToken);
        await gateway.Gateway.WaitUntilAsync(() => h.Fake.Interactions.CallbacksFor(ban.Id).Count > 0, "the confirmation", cancellationToken: TestContext.Current.CancellationToken);
        var ask = Assert.Single(h.Fake.Interactions.CallbacksFor(ban.Id));
        var customId = ask.Body!["data"]!["components"]![0]!["components"]![0]!["custom_id"]!.GetValue<string>();

        var click = await gateway.Gateway.InjectInteractionAsync(new FakeInteractionSpec
        {
            Type = 3,
            Permissions = "8",
            Data = new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 },
        }, TestContext.Current.CancellationToken);
        await gateway.Gateway.WaitUntilAsync(() => h.Fake.Interactions.EditsFor(click.Token).Count > 0, "the result", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("🚫 Player Banned", h.Fake.Interactions.EditsFor(click.Token)[^1].Body!["embeds"]![0]!["title"]!.GetValue<string>());
        Assert.Contains("/ban Griefer Banned by moderator", h.Received());
        Assert.Empty(h.Fake.ValidationFailures);
    }
}
