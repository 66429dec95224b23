using System.Text.Json.Nodes;
using FactorioIsr.Discord.Gateway;
using FactorioIsr.FakeDiscord;

namespace FactorioIsr.Tests.Discord.Gateway;

/// <summary>Resume through <c>resume_gateway_url</c>, op 7, op 9, zombie detection and the resumable close codes.</summary>
public sealed class GatewayReconnectTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DroppedSocket_ResumesOnTheResumeUrl_AndNoDispatchIsLost()
    {
        var handler = new CollectingHandler(GatewayIntents.None, "INTERACTION_CREATE", "RESUMED");
        await using var gateway = await GatewayUnderTest.StartAsync([handler]);
        await gateway.Gateway.WaitForLiveAsync(cancellationToken: Ct);
        var first = await gateway.Gateway.InjectDispatchAsync("INTERACTION_CREATE", new JsonObject { ["n"] = 1 }, Ct);
        await gateway.Gateway.WaitUntilAsync(() => handler.Received.Count == 1, "the first dispatch", cancellationToken: Ct);

        gateway.Gateway.Drop();
        // Sent while the client is away: only the session's log has them, and Resume must replay them.
        var second = await gateway.Gateway.InjectDispatchAsync("INTERACTION_CREATE", new JsonObject { ["n"] = 2 }, Ct);
        var third = await gateway.Gateway.InjectDispatchAsync("INTERACTION_CREATE", new JsonObject { ["n"] = 3 }, Ct);
        await gateway.Gateway.WaitUntilAsync(() => handler.Received.Any(d => d.Type == "RESUMED"), "RESUMED", cancellationToken: Ct);
        var fourth = await gateway.Gateway.InjectDispatchAsync("INTERACTION_CREATE", new JsonObject { ["n"] = 4 }, Ct);
        await gateway.Gateway.WaitUntilAsync(() => handler.Received.Count == 5, "every dispatch", cancellationToken: Ct);

        var interactions = handler.Received.Where(d => d.Type == "INTERACTION_CREATE").ToList();
        Assert.Equal([1, 2, 3, 4], interactions.Select(d => d.Data.GetProperty("n").GetInt32()));
        Assert.Equal([first, second, third, fourth], interactions.Select(d => d.Sequence));
        var resume = Assert.Single(gateway.Gateway.Resumes);
        Assert.Equal(first, resume.Sequence);
        Assert.Equal(gateway.Gateway.SessionId, resume.SessionId);
        Assert.Single(gateway.Gateway.Identifies);
        Assert.True(gateway.Gateway.Connections[1].IsResumeUrl);
        await gateway.WaitForStatusAsync(s => s.State == GatewayState.Connected && s.Sequence == fourth && s.Reconnects == 1, "connected at the last sequence");
        Assert.Empty(gateway.Fake.ValidationFailures);
    }

    [Fact]
    public async Task Op7Reconnect_ClosesWithAResumableCode_AndResumes()
    {
        var handler = new CollectingHandler(GatewayIntents.None, "INTERACTION_CREATE");
        await using var gateway = await GatewayUnderTest.StartAsync([handler]);
        await gateway.Gateway.WaitForLiveAsync(cancellationToken: Ct);
        var sequence = await gateway.Gateway.InjectDispatchAsync("INTERACTION_CREATE", new JsonObject(), Ct);
        await gateway.Gateway.WaitUntilAsync(() => handler.Received.Count == 1, "the dispatch", cancellationToken: Ct);

        await gateway.Gateway.SendReconnectAsync(Ct);
        await gateway.Gateway.WaitForLiveAsync(handshakes: 2, cancellationToken: Ct);

        var first = gateway.Gateway.Connections[0];
        await gateway.Gateway.WaitUntilAsync(() => first.Ended, "the first connection's end", cancellationToken: Ct);
        Assert.Equal(GatewayCloseCodes.Resumable, first.ClientCloseCode);
        Assert.Equal(sequence, Assert.Single(gateway.Gateway.Resumes).Sequence);
        Assert.True(gateway.Gateway.Connections[1].IsResumeUrl);
        Assert.Single(gateway.Gateway.Identifies);
    }

    [Fact]
    public async Task Op9NotResumable_IdentifiesANewSessionOnTheGatewayUrl_AfterTheWait()
    {
        var handler = new CollectingHandler(GatewayIntents.None, "INTERACTION_CREATE");
        await using var gateway = await GatewayUnderTest.StartAsync([handler]);
        await gateway.Gateway.WaitForLiveAsync(cancellationToken: Ct);
        var oldSession = gateway.Gateway.SessionId;

        var sent = TimeProvider.System.GetUtcNow();
        await gateway.Gateway.SendInvalidSessionAsync(resumable: false, Ct);
        await gateway.Gateway.WaitForLiveAsync(handshakes: 2, cancellationToken: Ct);

        Assert.Equal(2, gateway.Gateway.Identifies.Count);
        Assert.Empty(gateway.Gateway.Resumes);
        var second = gateway.Gateway.Connections[1];
        Assert.Equal(FakeGateway.Path, second.Path);
        // The 1-5 s wait (50-100 ms in the test options) comes before the new connection.
        Assert.True(second.OpenedAt - sent >= GatewayUnderTest.FastOptions.InvalidSessionDelayMin, $"reconnected after {second.OpenedAt - sent}");
        await gateway.WaitForStatusAsync(s => s.State == GatewayState.Connected && s.SessionId == gateway.Gateway.SessionId, "the new session");
        Assert.NotEqual(oldSession, gateway.Client.Status.SessionId);
    }

    [Fact]
    public async Task Op9Resumable_Resumes()
    {
        await using var gateway = await GatewayUnderTest.StartAsync([new CollectingHandler(GatewayIntents.None, "INTERACTION_CREATE")]);
        await gateway.Gateway.WaitForLiveAsync(cancellationToken: Ct);

        await gateway.Gateway.SendInvalidSessionAsync(resumable: true, Ct);
        await gateway.Gateway.WaitForLiveAsync(handshakes: 2, cancellationToken: Ct);

        Assert.Single(gateway.Gateway.Identifies);
        Assert.Single(gateway.Gateway.Resumes);
    }

    [Fact]
    public async Task MissedHeartbeatAck_ClosesTheZombieWithAResumableCode_AndResumes()
    {
        var handler = new CollectingHandler(GatewayIntents.None, "INTERACTION_CREATE");
        await using var gateway = await GatewayUnderTest.StartAsync([handler], g => g.HeartbeatInterval = TimeSpan.FromMilliseconds(100));
        await gateway.Gateway.WaitForLiveAsync(cancellationToken: Ct);
        var sequence = await gateway.Gateway.InjectDispatchAsync("INTERACTION_CREATE", new JsonObject(), Ct);
        await gateway.Gateway.WaitUntilAsync(() => handler.Received.Count == 1, "the dispatch", cancellationToken: Ct);

        var zombie = gateway.Gateway.Connections[0];
        zombie.WithholdAcks = true;
        await gateway.Gateway.WaitForLiveAsync(handshakes: 2, cancellationToken: Ct);

        await gateway.Gateway.WaitUntilAsync(() => zombie.Ended, "the zombie's end", cancellationToken: Ct);
        Assert.Equal(GatewayCloseCodes.Resumable, zombie.ClientCloseCode);
        Assert.False(zombie.Dropped);
        Assert.Equal(sequence, Assert.Single(gateway.Gateway.Resumes).Sequence);
        Assert.Single(gateway.Gateway.Identifies);
        // The unanswered heartbeat went out on the zombie; the client noticed at the next beat, on time.
        var beats = gateway.Gateway.Heartbeats.Where(h => h.ConnectionId == zombie.Id).ToList();
        Assert.NotEmpty(beats);
        Assert.True(gateway.Gateway.Connections[1].OpenedAt - beats[^1].At < TimeSpan.FromSeconds(2), "reconnected long after the missed ACK");
    }

    [Fact]
    public async Task HeartbeatRequest_IsAnsweredAtOnce()
    {
        await using var gateway = await GatewayUnderTest.StartAsync([new CollectingHandler(GatewayIntents.None, "INTERACTION_CREATE")], g => g.HeartbeatInterval = TimeSpan.FromMinutes(1));
        await gateway.Gateway.WaitForLiveAsync(cancellationToken: Ct);
        var before = gateway.Gateway.Heartbeats.Count;

        await gateway.Gateway.SendHeartbeatRequestAsync(Ct);

        await gateway.Gateway.WaitUntilAsync(() => gateway.Gateway.Heartbeats.Count > before, "the heartbeat asked for", TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(1, gateway.Gateway.Heartbeats[^1].Sequence); // READY's
    }

    [Theory]
    [InlineData(4000, true)]
    [InlineData(4001, true)]
    [InlineData(4002, true)]
    [InlineData(4003, true)]
    [InlineData(4005, true)]
    [InlineData(4008, true)]
    [InlineData(1000, true)]
    [InlineData(4007, false)]
    [InlineData(4009, false)]
    public async Task NonFatalClose_Reconnects_ResumingOrWithANewSession(int code, bool resumes)
    {
        await using var gateway = await GatewayUnderTest.StartAsync([new CollectingHandler(GatewayIntents.None, "INTERACTION_CREATE")]);
        await gateway.Gateway.WaitForLiveAsync(cancellationToken: Ct);

        await gateway.Gateway.CloseAsync(code, cancellationToken: Ct);
        await gateway.Gateway.WaitForLiveAsync(handshakes: 2, cancellationToken: Ct);

        Assert.Equal(resumes ? 1 : 0, gateway.Gateway.Resumes.Count);
        Assert.Equal(resumes ? 1 : 2, gateway.Gateway.Identifies.Count);
        Assert.Equal(resumes, gateway.Gateway.Connections[1].IsResumeUrl);
        await gateway.WaitForStatusAsync(s => s.State == GatewayState.Connected && s.Reconnects == 1, "connected again");
        Assert.Null(gateway.Client.Status.FatalError);
    }

    [Fact]
    public async Task ResumeRejected_IdentifiesANewSession()
    {
        await using var gateway = await GatewayUnderTest.StartAsync([new CollectingHandler(GatewayIntents.None, "INTERACTION_CREATE")]);
        await gateway.Gateway.WaitForLiveAsync(cancellationToken: Ct);

        // The session ends while the socket drops: the Resume gets op 9 false, then a fresh Identify follows.
        gateway.Gateway.InvalidateSession();
        gateway.Gateway.Drop();
        await gateway.Gateway.WaitUntilAsync(() => gateway.Gateway.Identifies.Count == 2 && gateway.Gateway.IsLive, "a new session", cancellationToken: Ct);

        Assert.Single(gateway.Gateway.Resumes);
        Assert.Equal(FakeGateway.Path, gateway.Gateway.Connections[^1].Path);
    }
}
