using FactorioIsr.Discord.Gateway;

namespace FactorioIsr.Tests.Discord.Gateway;

/// <summary>Presence (op 3), its resend after Identify, and the resumable close on shutdown.</summary>
public sealed class GatewayPresenceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SetPresence_WhileConnected_SendsOp3_AndANewIdentifyCarriesItAgain()
    {
        await using var gateway = await GatewayUnderTest.StartAsync([new CollectingHandler(GatewayIntents.None, "INTERACTION_CREATE")]);
        await gateway.Gateway.WaitForLiveAsync(cancellationToken: Ct);

        await gateway.Client.SetPresenceAsync(new GatewayPresence("online", "3/4 servers"), Ct);
        await gateway.Gateway.WaitUntilAsync(() => gateway.Gateway.Presences.Count == 1, "the op 3", cancellationToken: Ct);
        await gateway.Gateway.SendInvalidSessionAsync(resumable: false, Ct);
        await gateway.Gateway.WaitForLiveAsync(handshakes: 2, cancellationToken: Ct);

        var update = gateway.Gateway.Presences[0];
        Assert.False(update.FromIdentify);
        Assert.Equal(("online", "3/4 servers", 3), (update.Status, update.ActivityName, update.ActivityType));
        Assert.Null(gateway.Gateway.Identifies[0].Data["presence"]);
        var again = Assert.Single(gateway.Gateway.Presences, p => p.FromIdentify);
        Assert.Equal(gateway.Gateway.Identifies[1].ConnectionId, again.ConnectionId);
        Assert.Equal(("online", "3/4 servers", 3), (again.Status, again.ActivityName, again.ActivityType));
        Assert.Empty(gateway.Fake.ValidationFailures);
    }

    [Fact]
    public async Task SetPresence_BeforeConnecting_IsInTheFirstIdentify_AsACustomStatus()
    {
        var handler = new CollectingHandler(GatewayIntents.None, "INTERACTION_CREATE");
        await using var fake = await DiscordTestKit.StartFakeAsync();
        fake.Gateway.SendReady = true;
        await using var gateway = await GatewayUnderTest.StartAsync([handler], fake: fake);
        await gateway.Client.SetPresenceAsync(new GatewayPresence("idle", "Watching 2 servers", ActivityType: 4), Ct);
        await gateway.Gateway.WaitForLiveAsync(cancellationToken: Ct);

        var presence = Assert.Single(gateway.Gateway.Presences);
        Assert.Equal(("idle", "Watching 2 servers", 4), (presence.Status, presence.ActivityName, presence.ActivityType));
        Assert.Empty(gateway.Fake.ValidationFailures);
    }

    [Fact]
    public async Task Stop_ClosesWithAResumableCode_NotTheOnesThatEndTheSession()
    {
        await using var gateway = await GatewayUnderTest.StartAsync([new CollectingHandler(GatewayIntents.None, "INTERACTION_CREATE")]);
        await gateway.Gateway.WaitForLiveAsync(cancellationToken: Ct);

        await gateway.StopAsync();

        var connection = Assert.Single(gateway.Gateway.Connections);
        await gateway.Gateway.WaitUntilAsync(() => connection.Ended, "the end of the connection", cancellationToken: Ct);
        Assert.Equal(GatewayCloseCodes.Resumable, connection.ClientCloseCode);
        Assert.False(connection.Dropped);
        Assert.Equal(GatewayState.Stopped, gateway.Client.Status.State);
        Assert.Null(gateway.Client.Status.FatalError);
    }
}
