using FactorioIsr.Discord.Messages;
using FactorioIsr.Discord.Rest;
using FactorioIsr.FakeDiscord;
using Microsoft.Extensions.Time.Testing;

namespace FactorioIsr.Tests.Discord;

/// <summary>The client against the fake over real sockets: it must never send on an exhausted bucket.</summary>
public sealed class DiscordRateLimitTests
{
    private const string MessagesRoute = "POST /channels/{channel_id}/messages";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Fake-clock tests: a request timeout far beyond anything the fast clock reaches during a real round trip.</summary>
    private static readonly DiscordRestOptions FakeClockOptions = new() { RequestTimeout = TimeSpan.FromDays(1) };

    [Fact]
    public async Task CreateMessage_BurstOnOneChannel_NoRequestOnExhaustedBucketAndAllDelivered()
    {
        var options = new FakeDiscordOptions().WithLimit(MessagesRoute, 5, TimeSpan.FromSeconds(1));
        await using var fake = await DiscordTestKit.StartFakeAsync(options);
        using var client = DiscordTestKit.CreateClient(fake);

        var sends = Enumerable.Range(0, 17).Select(i => client.CreateMessageAsync("10", DiscordMessage.Text($"m{i}"), null, Ct));
        await Task.WhenAll(sends);

        Assert.Equal(17, fake.Messages.Count);
        Assert.Equal(0, fake.UnscriptedRateLimits);
        Assert.All(fake.Requests, r => Assert.Equal(200, r.Status));
        DiscordTestKit.AssertValidBodies(fake);
    }

    [Fact]
    public async Task CreateMessage_FiveMinuteWindowUnderFakeTime_WaitsOutTheBucket()
    {
        var time = new FakeTimeProvider();
        var options = new FakeDiscordOptions { Time = time }.WithLimit(MessagesRoute, 5, TimeSpan.FromMinutes(5));
        await using var fake = await DiscordTestKit.StartFakeAsync(options);
        // Waits longer than MaxInlineRateLimitWait are handed back to the caller; here the client waits them out itself.
        using var client = DiscordTestKit.CreateClient(fake, time, FakeClockOptions with { MaxInlineRateLimitWait = TimeSpan.FromMinutes(10) });
        var start = time.GetUtcNow();

        await DiscordTestKit.RunWithFakeTimeAsync(time, async () =>
        {
            for (var i = 0; i < 12; i++)
            {
                await client.CreateMessageAsync("10", DiscordMessage.Text($"m{i}"), null, Ct);
            }

            return 0;
        }, step: TimeSpan.FromSeconds(2));

        Assert.Equal(12, fake.Messages.Count);
        Assert.Equal(0, fake.UnscriptedRateLimits);
        Assert.True(time.GetUtcNow() - start >= TimeSpan.FromMinutes(10), "12 messages at 5 per 5 minutes need two full windows");
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"m{i}"), fake.Messages.Select(m => m.Content));
        DiscordTestKit.AssertValidBodies(fake);
    }

    [Fact]
    public async Task CreateMessage_TwoChannels_HaveIndependentBuckets()
    {
        var options = new FakeDiscordOptions().WithLimit(MessagesRoute, 2, TimeSpan.FromSeconds(30));
        await using var fake = await DiscordTestKit.StartFakeAsync(options);
        using var client = DiscordTestKit.CreateClient(fake);

        await client.CreateMessageAsync("1", DiscordMessage.Text("a"), null, Ct);
        await client.CreateMessageAsync("1", DiscordMessage.Text("b"), null, Ct);
        await client.CreateMessageAsync("2", DiscordMessage.Text("c"), null, Ct);
        await client.CreateMessageAsync("2", DiscordMessage.Text("d"), null, Ct);

        Assert.Equal(4, fake.Messages.Count);
        Assert.Equal(0, fake.UnscriptedRateLimits);
        Assert.False(client.RateLimiter.TryAcquire(
            DiscordRoute.Channel(HttpMethod.Post, "/channels/{channel_id}/messages", "/channels/1/messages", "1"),
            client.RateLimiter.GetBucket(DiscordRoute.Channel(HttpMethod.Post, "/channels/{channel_id}/messages", "/channels/1/messages", "1")),
            client.Time.GetUtcNow()).CanProceed);
    }

    [Fact]
    public async Task CreateMessage_ManyChannelsOverGlobalLimit_NoGlobal429()
    {
        // Both ends count on one fake clock that moves only while no request is in flight, so a loaded machine's
        // scheduling jitter cannot squeeze two of the client's windows into one of the fake's.
        var time = new FakeTimeProvider();
        var options = new FakeDiscordOptions { GlobalPerSecond = 10, Time = time };
        await using var fake = await DiscordTestKit.StartFakeAsync(options);
        using var handler = new DiscordTestKit.InFlightHandler();
        using var client = DiscordTestKit.CreateClient(fake, time, FakeClockOptions with { GlobalRequestsPerSecond = 10 }, handler);

        await DiscordTestKit.RunWithQuietFakeTimeAsync(time, handler, () => Task.WhenAll(Enumerable.Range(0, 25).Select(i =>
            client.CreateMessageAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture), DiscordMessage.Text("x"), null, Ct))),
            step: TimeSpan.FromMilliseconds(50));

        Assert.Equal(25, fake.Messages.Count);
        Assert.Equal(0, fake.UnscriptedRateLimits);
        var first = fake.Requests.Min(r => r.At);
        Assert.True(fake.Requests.Max(r => r.At) - first >= TimeSpan.FromSeconds(2), "25 requests at 10 per second take at least two more windows");
        DiscordTestKit.AssertValidBodies(fake);
    }

    [Theory]
    [InlineData("user", 0.1)]
    [InlineData("user", 1.5)]
    [InlineData("shared", 7)]
    [InlineData("global", 20)]
    [InlineData("user", 60)]
    public async Task CreateMessage_Scripted429_WaitsRetryAfterThenDelivers(string scope, double retryAfter)
    {
        var time = new FakeTimeProvider();
        await using var fake = await DiscordTestKit.StartFakeAsync(new FakeDiscordOptions { Time = time });
        fake.AddFault(new FakeFault(FakeFaultKind.RateLimit, MessagesRoute) { Scope = scope, RetryAfter = TimeSpan.FromSeconds(retryAfter) });
        using var client = DiscordTestKit.CreateClient(fake, time, FakeClockOptions);
        var start = time.GetUtcNow();

        await DiscordTestKit.RunWithFakeTimeAsync(time, () => client.CreateMessageAsync("10", DiscordMessage.Text("after 429"), null, Ct),
            step: TimeSpan.FromMilliseconds(50));

        Assert.Equal("after 429", Assert.Single(fake.Messages).Content);
        Assert.Equal(0, fake.UnscriptedRateLimits); // no retry before retry_after
        Assert.True(time.GetUtcNow() - start >= TimeSpan.FromSeconds(retryAfter));
        Assert.Equal(scope == "shared" ? 0 : 1, client.InvalidRequests.Count(time.GetUtcNow()));
    }

    [Fact]
    public async Task CreateMessage_Sublimit_RetriesThatRequestOnly()
    {
        var time = new FakeTimeProvider();
        await using var fake = await DiscordTestKit.StartFakeAsync(new FakeDiscordOptions { Time = time });
        fake.AddFault(new FakeFault(FakeFaultKind.Sublimit, MessagesRoute) { RetryAfter = TimeSpan.FromSeconds(3) });
        using var client = DiscordTestKit.CreateClient(fake, time, FakeClockOptions);
        var start = time.GetUtcNow();

        await DiscordTestKit.RunWithFakeTimeAsync(time, () => client.CreateMessageAsync("10", DiscordMessage.Text("s"), null, Ct));

        Assert.Single(fake.Messages);
        Assert.True(time.GetUtcNow() - start >= TimeSpan.FromSeconds(3));
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task CreateMessage_RetryAfterBeyondInlineLimit_SurfacesRateLimitedException()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        fake.AddFault(new FakeFault(FakeFaultKind.RateLimit, MessagesRoute) { Scope = "shared", RetryAfter = TimeSpan.FromSeconds(1336.57) });
        using var client = DiscordTestKit.CreateClient(fake);

        var error = await Assert.ThrowsAsync<DiscordRateLimitedException>(() => client.CreateMessageAsync("10", DiscordMessage.Text("x"), null, Ct));
        var next = await Assert.ThrowsAsync<DiscordRateLimitedException>(() => client.CreateMessageAsync("10", DiscordMessage.Text("y"), null, Ct));
        await client.CreateMessageAsync("11", DiscordMessage.Text("other channel"), null, Ct);

        Assert.Equal(TimeSpan.FromSeconds(1336.57), error.RetryAfter);
        Assert.True(error.IsTransient);
        Assert.True(next.RetryAfter > TimeSpan.FromMinutes(20), "the blocked resource is refused locally, not waited on");
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task CreateMessage_CloudflareHtml429_BacksOffHardWithoutSendingAgain()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        fake.AddFault(new FakeFault(FakeFaultKind.CloudflareHtml, MessagesRoute));
        using var client = DiscordTestKit.CreateClient(fake, options: new DiscordRestOptions { CloudflareBackoff = TimeSpan.FromMinutes(5) });

        var error = await Assert.ThrowsAsync<DiscordRateLimitedException>(() => client.CreateMessageAsync("10", DiscordMessage.Text("x"), null, Ct));
        var next = await Assert.ThrowsAsync<DiscordRateLimitedException>(() => client.CreateMessageAsync("11", DiscordMessage.Text("y"), null, Ct));

        Assert.True(error.IsCloudflare);
        Assert.Equal(TimeSpan.FromMinutes(5), error.RetryAfter);
        Assert.InRange(next.RetryAfter, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5)); // refused locally, not sent
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task CreateMessage_InvalidRequestsReachThreshold_CircuitRefusesToSend()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        fake.ForbiddenChannels["66"] = true;
        using var client = DiscordTestKit.CreateClient(fake, options: new DiscordRestOptions { InvalidRequestThreshold = 3 });
        for (var i = 0; i < 3; i++)
        {
            var forbidden = await Assert.ThrowsAsync<DiscordRestException>(() => client.CreateMessageAsync("66", DiscordMessage.Text("x"), null, Ct));
            Assert.Equal(50013, forbidden.Code);
        }

        var circuit = await Assert.ThrowsAsync<DiscordRateLimitedException>(() => client.CreateMessageAsync("10", DiscordMessage.Text("x"), null, Ct));

        Assert.Equal("invalid", circuit.Scope);
        Assert.Equal(3, fake.Requests.Count);
    }

    [Fact]
    public async Task CreateMessage_ServerErrorsThenOk_RetriedWithBackoff()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        fake.AddFault(new FakeFault(FakeFaultKind.ServerError, MessagesRoute, count: 2) { Status = 502 });
        using var client = DiscordTestKit.CreateClient(fake, options: DiscordTestKit.FastRetries);

        await client.CreateMessageAsync("10", DiscordMessage.Text("x"), null, Ct);

        Assert.Single(fake.Messages);
        Assert.Equal([502, 502, 200], fake.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task CreateMessage_Unauthorized_StopsBotRoutesAfterOneRequest()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        using var client = DiscordTestKit.CreateClient(fake, options: new DiscordRestOptions { Token = "wrong" });

        var first = await Assert.ThrowsAsync<DiscordRestException>(() => client.CreateMessageAsync("10", DiscordMessage.Text("x"), null, Ct));
        var second = await Assert.ThrowsAsync<DiscordRestException>(() => client.CreateMessageAsync("10", DiscordMessage.Text("x"), null, Ct));

        Assert.True(first.IsUnauthorized);
        Assert.True(second.IsUnauthorized);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task CreateMessage_ServerHangsWithNonce_RetriedAndPostedOnce()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        fake.AddFault(new FakeFault(FakeFaultKind.AcceptThenDrop, MessagesRoute));
        fake.AddFault(new FakeFault(FakeFaultKind.Hang, MessagesRoute));
        using var client = DiscordTestKit.CreateClient(fake, options: DiscordTestKit.FastRetries with { RequestTimeout = TimeSpan.FromSeconds(2) });

        await client.CreateMessageAsync("10", DiscordMessage.Text("once"), "nonce-1", Ct);

        Assert.Equal("once", Assert.Single(fake.Messages).Content);
        // Dropped, hung, then answered (a loaded machine may time out one more and retry it: still one message).
        Assert.InRange(fake.Requests.Count, 3, 4);
    }
}
