using FactorioIsr.Discord.Gateway;

namespace FactorioIsr.Tests.Discord.Gateway;

/// <summary>The fatal close codes stop the gateway with one clear error and no retry.</summary>
public sealed class GatewayFatalCloseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(4004, "bot token is invalid")]
    [InlineData(4010, "Invalid shard")]
    [InlineData(4011, "Sharding required")]
    [InlineData(4012, "Invalid API version")]
    [InlineData(4013, "Invalid intent(s)")]
    [InlineData(4014, "MESSAGE CONTENT INTENT")]
    public async Task FatalClose_StopsTheGatewayWithTheError_AndDoesNotReconnect(int code, string expected)
    {
        var chat = new CollectingHandler(GatewayIntents.GuildMessages | GatewayIntents.MessageContent, "MESSAGE_CREATE");
        await using var gateway = await GatewayUnderTest.StartAsync([chat]);
        await gateway.Gateway.WaitForLiveAsync(cancellationToken: Ct);

        await gateway.Gateway.CloseAsync(code, cancellationToken: Ct);
        await gateway.Run.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        var status = gateway.Client.Status;
        Assert.Equal(GatewayState.Stopped, status.State);
        Assert.False(status.Running);
        Assert.NotNull(status.FatalError);
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), status.FatalError, StringComparison.Ordinal);
        Assert.Contains(expected, status.FatalError, StringComparison.Ordinal);
        await Task.Delay(300, Ct);
        Assert.Single(gateway.Gateway.Connections);
        Assert.Single(gateway.Gateway.Identifies);
    }

    [Fact]
    public async Task DisallowedIntent_AtIdentify_NamesThePortalSettingToEnable()
    {
        var chat = new CollectingHandler(GatewayIntents.GuildMessages | GatewayIntents.MessageContent, "MESSAGE_CREATE");
        await using var gateway = await GatewayUnderTest.StartAsync([chat], g => g.EnabledPrivilegedIntents = 0);

        await gateway.Run.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        var error = gateway.Client.Status.FatalError;
        Assert.NotNull(error);
        Assert.Contains("4014", error, StringComparison.Ordinal);
        Assert.Contains("enable MESSAGE CONTENT INTENT (the chat bridge reads Discord messages) in the Discord Developer Portal", error, StringComparison.Ordinal);
        Assert.Equal(4014, Assert.Single(gateway.Gateway.Connections).ServerCloseCode);
    }

    [Fact]
    public async Task WrongToken_IsFatal_WithoutAnIdentifyStorm()
    {
        // The REST token is right (GET /gateway/bot answers); the gateway closes 4004 for the wrong one in Identify.
        await using var gateway = await GatewayUnderTest.StartAsync([new CollectingHandler(GatewayIntents.None, "INTERACTION_CREATE")], token: "another-token");

        await gateway.Run.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Contains("4004", gateway.Client.Status.FatalError, StringComparison.Ordinal);
        Assert.Single(gateway.Gateway.Identifies);
    }

    [Theory]
    [InlineData(4004, "Fatal")]
    [InlineData(4010, "Fatal")]
    [InlineData(4011, "Fatal")]
    [InlineData(4012, "Fatal")]
    [InlineData(4013, "Fatal")]
    [InlineData(4014, "Fatal")]
    [InlineData(4007, "Identify")]
    [InlineData(4009, "Identify")]
    [InlineData(4000, "Resume")]
    [InlineData(4008, "Resume")]
    [InlineData(1006, "Resume")]
    [InlineData(null, "Resume")]
    public void Classify_FollowsDiscordsTable(int? code, string expected) => Assert.Equal(expected, GatewayCloseCodes.Classify(code).ToString());
}
