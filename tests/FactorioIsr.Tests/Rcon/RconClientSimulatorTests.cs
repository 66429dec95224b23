using FactorioIsr.Rcon;
using FactorioIsr.Rcon.Client;
using FactorioIsr.Tests.Simulator;

namespace FactorioIsr.Tests.Rcon;

public sealed class RconClientSimulatorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_RightPassword_AuthenticatesAndAnswers()
    {
        await using var sim = await TestSimulator.StartAsync();
        await using var client = sim.CreateClient();

        var reply = await client.ExecuteAsync("/version", Ct);

        Assert.Equal("2.0.77", reply);
        Assert.Equal(RconConnectionStatus.Connected, client.State.Status);
        Assert.Equal(1, client.State.Connections);
        Assert.NotNull(client.State.LastLatency);
    }

    [Fact]
    public async Task ExecuteAsync_WrongPassword_ThrowsAuthenticationError_AndDoesNotRetryWithinBackoff()
    {
        await using var sim = await TestSimulator.StartAsync();
        await using var client = sim.CreateClient(password: "wrong", configure: o => o with { Backoff = new RconBackoff { Max = TimeSpan.FromMinutes(5) } });

        var first = await Assert.ThrowsAsync<RconAuthenticationException>(() => client.ExecuteAsync("/version", Ct));
        var second = await Assert.ThrowsAsync<RconAuthenticationException>(() => client.ExecuteAsync("/version", Ct));

        Assert.False(first.IsTransient);
        Assert.Contains("wrong password", first.Message, StringComparison.Ordinal);
        Assert.Contains("next attempt", second.Message, StringComparison.Ordinal);
        Assert.Equal(RconConnectionStatus.AuthenticationFailed, client.State.Status);
        var connections = sim.ReadLines("factorio-current.log").Count(l => l.Contains("New RCON connection", StringComparison.Ordinal));
        Assert.Equal(1, connections);
    }

    [Fact]
    public async Task ExecuteAsync_100ConcurrentCommands_RepliesMatchedById_EvenOutOfOrder()
    {
        await using var sim = await TestSimulator.StartAsync();
        await using var client = sim.CreateClient(configure: o => o with { MaxConcurrentCommands = 100 });
        await client.ConnectAsync(Ct);
        var completionOrder = new System.Collections.Concurrent.ConcurrentQueue<int>();

        // Odd commands are long (> 50 characters), which the simulator, like Factorio, may answer later.
        var tasks = Enumerable.Range(0, 100).Select(async i =>
        {
            var marker = i % 2 == 1 ? $"long-{i}-{new string('x', 60)}" : $"short-{i}";
            var reply = await client.ExecuteAsync($"/sc rcon.print('{marker}')", Ct);
            completionOrder.Enqueue(i);
            return (marker, reply);
        }).ToList();
        var results = await Task.WhenAll(tasks);

        Assert.All(results, r => Assert.Equal(r.marker + "\n", r.reply));
        Assert.NotEqual(Enumerable.Range(0, 100), completionOrder.ToArray());
        Assert.Equal(1, client.State.Connections);
        Assert.Equal(100, client.State.CommandsSucceeded);
    }

    [Fact]
    public async Task ExecuteAsync_OneMegabyteReply_IsReadWhole()
    {
        await using var sim = await TestSimulator.StartAsync();
        await using var client = sim.CreateClient();

        var reply = await client.ExecuteAsync("/sc rcon.print(string.rep('x', 1048576))", Ct);

        Assert.Equal(1_048_577, reply.Length);
        Assert.True(reply.AsSpan(0, 1_048_576).IndexOfAnyExcept('x') < 0);
        Assert.Equal("2.0.77", await client.ExecuteAsync("/version", Ct));
    }

    [Fact]
    public async Task ExecuteAsync_ServerRestartsMidCommand_FailsTransient_ThenReconnects()
    {
        await using var sim = await TestSimulator.StartAsync();
        await using var client = sim.CreateClient();
        await using var admin = sim.CreateClient();
        await client.ConnectAsync(Ct);

        var slow = client.ExecuteAsync("/sim sleep 30", Ct);
        await admin.ExecuteAsync("/sim restart", Ct);
        var error = await Assert.ThrowsAnyAsync<RconException>(() => slow);

        Assert.True(error.IsTransient);
        Assert.IsNotType<RconTimeoutException>(error);
        var reply = await RetryAsync(() => client.ExecuteAsync("/version", Ct));
        Assert.Equal("2.0.77", reply);
        Assert.Equal(2, client.State.Connections);
        var previous = sim.ReadLines("factorio-previous.log");
        Assert.EndsWith(" Goodbye", previous[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_RefusedConnection_BacksOffWithoutHammering()
    {
        var port = FreePort();
        await using var client = new RconClient(new RconClientOptions
        {
            Host = "127.0.0.1",
            Port = port,
            Password = "x",
            Backoff = new RconBackoff { Initial = TimeSpan.FromSeconds(30), Max = TimeSpan.FromMinutes(1), Jitter = 0 },
        });

        var first = await Assert.ThrowsAnyAsync<RconException>(() => client.ExecuteAsync("/version", Ct));
        var second = await Assert.ThrowsAnyAsync<RconException>(() => client.ExecuteAsync("/version", Ct));

        Assert.True(first.IsTransient);
        Assert.Contains($"127.0.0.1:{port}", first.Message, StringComparison.Ordinal);
        Assert.Contains("next attempt in", second.Message, StringComparison.Ordinal);
        Assert.Equal(RconConnectionStatus.Backoff, client.State.Status);
        Assert.Equal(1, client.State.ConsecutiveFailures);
        Assert.NotNull(client.State.NextAttemptAt);
    }

    [Fact]
    public async Task ExecuteAsync_RconDown_ThenBack_Reconnects()
    {
        await using var sim = await TestSimulator.StartAsync();
        await using var client = sim.CreateClient();

        await client.ExecuteAsync("/sim rcon-down 1", Ct);
        var reply = await RetryAsync(() => client.ExecuteAsync("/version", Ct));

        Assert.Equal("2.0.77", reply);
        Assert.True(client.State.Connections >= 2);
    }

    [Fact]
    public async Task ExecuteAsync_CallerCancels_LateReplyIsDropped_ConnectionKept()
    {
        await using var sim = await TestSimulator.StartAsync();
        await using var client = sim.CreateClient();
        await client.ConnectAsync(Ct);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var slow = client.ExecuteAsync("/sim sleep 1", cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow);
        await Task.Delay(1500, Ct);

        Assert.Equal("2.0.77", await client.ExecuteAsync("/version", Ct));
        Assert.Equal(1, client.State.Connections);
    }

    [Fact]
    public async Task State_ServerClosesConnection_ShowsDisconnectedWithoutAnyCommand()
    {
        await using var sim = await TestSimulator.StartAsync();
        await using var client = sim.CreateClient();
        await using var admin = sim.CreateClient();
        await client.ConnectAsync(Ct);

        await admin.ExecuteAsync("/sim rcon-down 30", Ct);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (client.State.Status == RconConnectionStatus.Connected && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(20, Ct);
        }

        Assert.Equal(RconConnectionStatus.Disconnected, client.State.Status);
        // Either an orderly close ("closed the connection") or a reset ("lost: ..."), depending on how the socket went.
        Assert.Matches("^RCON (server sim1 closed the connection|connection to sim1 lost: .+)$", client.State.LastError);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task ExecuteAsync_EmptyCommand_IsRejectedBeforeSending()
    {
        await using var sim = await TestSimulator.StartAsync();
        await using var client = sim.CreateClient();

        await Assert.ThrowsAsync<ArgumentException>(() => client.ExecuteAsync(string.Empty, Ct));
    }

    internal static async Task<string> RetryAsync(Func<Task<string>> action)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await action();
            }
            catch (RconException ex) when (ex.IsTransient && attempt < 200)
            {
                await Task.Delay(100, Ct);
            }
        }
    }

    internal static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
