using FactorioIsr.Tests.Support;
using FactorioIsr.Delivery;
using FactorioIsr.Delivery.DiscordOutputs;
using FactorioIsr.FakeDiscord;
using Microsoft.Extensions.Time.Testing;

namespace FactorioIsr.Tests.Discord;

public sealed class DiscordOutputTests
{
    private const string MessagesRoute = "POST /channels/{channel_id}/messages";
    private const string WebhookRoute = "POST /webhooks/{webhook_id}/{webhook_token}";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChannelOutput_AcceptThenDrop_PostsOnceThanksToNonce()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        fake.AddFault(new FakeFault(FakeFaultKind.AcceptThenDrop, MessagesRoute));
        using var client = DiscordTestKit.CreateClient(fake, options: DiscordTestKit.FastRetries);
        var output = Some.ChannelOutput(client, "10");
        var entries = Some.Entries(output.Destination, [Some.Chat("alice", "hi"), Some.Chat("bob", "yo", 1)]);

        var outcomes = await Some.DrainAsync(output, entries);

        Assert.Equal([DeliveryOutcome.Delivered], outcomes);
        var message = Assert.Single(fake.Messages);
        Assert.Equal("💬 **alice**: hi\n💬 **bob**: yo", message.Content);
        Assert.Equal(DiscordNonce.For(new DeliveryBatch(output.Destination, entries).IdempotencyKey, 0), message.Nonce);
        Assert.Equal(2, fake.Requests.Count(r => r.Route == MessagesRoute));
        DiscordTestKit.AssertValidBodies(fake);
    }

    [Fact]
    public async Task ChannelOutput_RetryOfSameBatchAfterRestart_DedupedByNonce()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        using var client = DiscordTestKit.CreateClient(fake);
        var entries = Some.Entries("discord:channel:10", [Some.Chat("alice", "hi")]);
        var batch = new DeliveryBatch("discord:channel:10", entries);

        // Two output instances: the second one stands for the process after a crash, with no memory of the first.
        Assert.Equal(DeliveryOutcome.Delivered, await Some.ChannelOutput(client, "10").DeliverAsync(batch, Ct));
        Assert.Equal(DeliveryOutcome.Delivered, await Some.ChannelOutput(client, "10").DeliverAsync(batch, Ct));

        Assert.Single(fake.Messages);
    }

    [Fact]
    public async Task WebhookOutput_AcceptThenDrop_CountsPossibleDuplicate()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        fake.AddWebhook("900", "tok", "10");
        using var client = DiscordTestKit.CreateClient(fake);
        using var meters = new TestMeters();
        var output = Some.WebhookOutput(client, "dup-" + Guid.NewGuid().ToString("N"), "900", "tok", metrics: new DiscordMetrics(meters.Factory));
        // A first message puts a pooled connection in place: the drop must surface even on a reused connection
        // (HttpClient must not silently re-send the POST).
        await Some.DrainAsync(output, [new OutboxEntry(100, output.Destination, Some.Chat("zed", "warm-up"), 0)]);
        fake.AddFault(new FakeFault(FakeFaultKind.AcceptThenDrop, WebhookRoute));
        var entries = Some.Entries(output.Destination, [Some.Chat("alice", "hello")]);

        var outcomes = await Some.DrainAsync(output, entries);

        Assert.Equal([DeliveryOutcome.Delivered], outcomes);
        var hello = fake.Messages.Where(m => m.Content == "hello").ToList();
        Assert.Equal(2, hello.Count); // the webhook really posted twice: no nonce
        Assert.Equal(1, meters.Sum(DiscordMetrics.PossibleDuplicatesName, ("destination", output.Destination)));
        Assert.All(hello, m => Assert.Equal("alice", m.Username));
        DiscordTestKit.AssertValidBodies(fake);
    }

    [Fact]
    public async Task ChannelOutput_Permanent400_DeadLettersWithReasonAndLaterEventsFlow()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        fake.AddFault(new FakeFault(FakeFaultKind.Error, MessagesRoute) { Status = 400, Code = 50035, Message = "Invalid Form Body" });
        using var client = DiscordTestKit.CreateClient(fake);
        var output = Some.ChannelOutput(client, "10");
        var first = new DeliveryBatch(output.Destination, Some.Entries(output.Destination, [Some.Chat("a", "bad")]));
        var second = new DeliveryBatch(output.Destination, [new OutboxEntry(2, output.Destination, Some.Chat("b", "good", 1), 0)]);

        var bad = await output.DeliverAsync(first, Ct);
        var good = await output.DeliverAsync(second, Ct);

        Assert.Equal(DeliveryStatus.Permanent, bad.Status);
        Assert.Contains("50035", bad.Reason, StringComparison.Ordinal);
        Assert.Contains("Invalid Form Body", bad.Reason, StringComparison.Ordinal);
        Assert.Equal(DeliveryOutcome.Delivered, good);
        Assert.Equal("💬 **b**: good", Assert.Single(fake.Messages).Content);
    }

    [Theory]
    [InlineData("unknown", "unknown channel (10003)")]
    [InlineData("forbidden", "missing permissions (50013)")]
    public async Task ChannelOutput_UnknownOrForbiddenChannel_PermanentWithReason(string kind, string reason)
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        (kind == "unknown" ? fake.UnknownChannels : fake.ForbiddenChannels)["77"] = true;
        using var client = DiscordTestKit.CreateClient(fake);
        var broken = Some.ChannelOutput(client, "77");
        var healthy = Some.ChannelOutput(client, "10");

        var outcome = await broken.DeliverAsync(new DeliveryBatch(broken.Destination, Some.Entries(broken.Destination, [Some.Chat("a", "x")])), Ct);
        var other = await healthy.DeliverAsync(new DeliveryBatch(healthy.Destination, Some.Entries(healthy.Destination, [Some.Chat("a", "y")])), Ct);

        Assert.Equal(DeliveryStatus.Permanent, outcome.Status);
        Assert.Contains(reason, outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(DeliveryOutcome.Delivered, other);
    }

    [Fact]
    public async Task ChannelOutput_InvalidToken_DisabledOnceWithoutRetryStorm()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        using var client = DiscordTestKit.CreateClient(fake, options: new FactorioIsr.Discord.Rest.DiscordRestOptions { Token = "revoked" });
        var output = Some.ChannelOutput(client, "10");
        var batch = new DeliveryBatch(output.Destination, Some.Entries(output.Destination, [Some.Chat("a", "x")]));

        var outcomes = new List<DeliveryOutcome>();
        for (var i = 0; i < 5; i++)
        {
            outcomes.Add(await output.DeliverAsync(batch, Ct));
        }

        Assert.All(outcomes, o => Assert.Equal(DeliveryStatus.OutputDisabled, o.Status));
        Assert.Contains("401", outcomes[0].Reason, StringComparison.Ordinal);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task WebhookOutput_ChatFromSeveralPlayers_AuthorPerMessageAndCoalescedPerAuthor()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        fake.AddWebhook("900", "tok", "10");
        using var client = DiscordTestKit.CreateClient(fake);
        var output = Some.WebhookOutput(client, "main", "900", "tok", avatarTemplate: "https://minotar.example/{player}.png");
        var entries = Some.Entries(output.Destination,
        [
            Some.Chat("alice", "one"), Some.Chat("alice", "two", 1), Some.Chat("Discord Bob", "*three*", 2),
            Some.Event("join", "📥 **carol** joined", "carol", offset: 3),
        ]);

        var outcomes = await Some.DrainAsync(output, entries);

        Assert.All(outcomes, o => Assert.Equal(DeliveryOutcome.Delivered, o));
        var messages = fake.Messages;
        Assert.Equal(3, messages.Count);
        Assert.Equal(("alice", "one\ntwo", "https://minotar.example/alice.png"), (messages[0].Username, messages[0].Content, messages[0].AvatarUrl));
        Assert.Equal(("disc0rd Bob", "\\*three\\*"), (messages[1].Username, messages[1].Content));
        Assert.Equal(("Factorio ISR", "📥 **carol** joined", null), (messages[2].Username, messages[2].Content, messages[2].AvatarUrl));
        DiscordTestKit.AssertValidBodies(fake);
    }

    [Fact]
    public async Task WebhookOutput_NoAvatarTemplate_UsesDeterministicIdenticon()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        fake.AddWebhook("900", "tok", "10");
        using var client = DiscordTestKit.CreateClient(fake);
        var output = Some.WebhookOutput(client, "main", "900", "tok");

        await Some.DrainAsync(output, Some.Entries(output.Destination, [Some.Chat("Alice", "a"), Some.Event("leave", "x", offset: 1), Some.Chat("alice", "b", 2)]));

        var avatars = fake.Messages.Where(m => m.Username is "Alice" or "alice").Select(m => m.AvatarUrl).ToList();
        Assert.Equal(2, avatars.Count);
        Assert.Equal(avatars[0], avatars[1]);
        Assert.StartsWith("https://gravatar.com/avatar/", avatars[0], StringComparison.Ordinal);
        Assert.Contains("d=identicon", avatars[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChannelOutput_StatsAndAlerts_RenderedAsEmbedsChatAsLines()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        using var client = DiscordTestKit.CreateClient(fake);
        var output = Some.ChannelOutput(client, "10");
        var entries = Some.Entries(output.Destination,
        [
            Some.Chat("a", "hi"),
            Some.Event("stats", "UPS 60.0, evolution 0.42", fields: new Dictionary<string, string> { ["ups"] = "60.0", ["evolution"] = "0.42" }, offset: 1),
            Some.Event("alert", "UPS below 55", offset: 2),
            Some.Chat("b", "after", 3),
        ]);

        await Some.DrainAsync(output, entries);

        var messages = fake.Messages;
        Assert.Equal(2, messages.Count);
        Assert.Equal("💬 **a**: hi", messages[0].Content);
        Assert.Equal(2, messages[0].EmbedCount);
        var stats = messages[0].Embeds!.Value[0];
        Assert.Equal("📊 s1 stats", stats.GetProperty("title").GetString());
        Assert.Equal(2, stats.GetProperty("fields").GetArrayLength());
        Assert.Equal("💬 **b**: after", messages[1].Content);
        DiscordTestKit.AssertValidBodies(fake);
    }

    [Fact]
    public async Task ChannelOutput_FiveMinuteOutageOf5xxThenRefusedConnections_NothingLostOrderKeptCoalesced()
    {
        var time = new FakeTimeProvider();
        var start = time.GetUtcNow();
        await using var fake = await DiscordTestKit.StartFakeAsync(new FakeDiscordOptions { Time = time });
        // 503 until the test ends that phase (deterministic under a loaded machine), then refused connections.
        fake.AddFault(new FakeFault(FakeFaultKind.ServerError, MessagesRoute, until: start + TimeSpan.FromDays(1)) { Status = 503 });
        using var client = DiscordTestKit.CreateClient(fake, time, new FactorioIsr.Discord.Rest.DiscordRestOptions { RequestTimeout = TimeSpan.FromDays(1) });
        var output = Some.ChannelOutput(client, "10");
        var events = Enumerable.Range(0, 300).Select(i => Some.Chat($"p{i % 5}", $"line {i}", i)).ToList();
        var refused = 0;

        var outcomes = await DiscordTestKit.RunWithFakeTimeAsync(time, () => Some.DrainAsync(output, Some.Entries(output.Destination, events), async attempt =>
        {
            // The dispatcher's backoff between attempts of the same batch.
            await Task.Delay(TimeSpan.FromSeconds(10), time, Ct);
            if (time.GetUtcNow() >= start + TimeSpan.FromMinutes(5) && refused == 0)
            {
                // After five minutes of 503s the listener goes away: connections are refused for a few attempts.
                refused = 1;
                fake.ClearFaults();
                await fake.StopAsync(Ct);
            }
            else if (refused is > 0 and < 4)
            {
                refused++;
                if (refused == 4)
                {
                    await fake.StartAsync(Ct);
                }
            }
        }), step: TimeSpan.FromSeconds(1), limit: TimeSpan.FromSeconds(90));

        Assert.All(outcomes, o => Assert.Equal(DeliveryOutcome.Delivered, o));
        Assert.Equal(4, refused);
        var lines = fake.Messages.SelectMany(m => m.Content!.Split('\n')).ToList();
        Assert.Equal(events.Select(e => e.Text), lines);
        Assert.InRange(fake.Messages.Count, 1, 15);
        Assert.Contains(fake.Requests, r => r.Status == 503);
        Assert.True(fake.Messages[0].At >= start + TimeSpan.FromMinutes(5), "nothing is accepted during the outage");
        DiscordTestKit.AssertValidBodies(fake);
    }

    [Fact]
    public async Task ChannelOutput_ForbiddenChannel_DeadLettersWithoutRequestsUntilThePauseEnds()
    {
        var time = new FakeTimeProvider();
        await using var fake = await DiscordTestKit.StartFakeAsync(new FakeDiscordOptions { Time = time });
        fake.ForbiddenChannels["77"] = true;
        using var client = DiscordTestKit.CreateClient(fake, time);
        var output = Some.ChannelOutput(client, "77");
        DeliveryBatch Batch(long sequence) => new(output.Destination, [new OutboxEntry(sequence, output.Destination, Some.Chat("a", $"m{sequence}"), 0)]);

        var outcomes = new List<DeliveryOutcome>();
        for (var i = 1; i <= 5; i++)
        {
            outcomes.Add(await output.DeliverAsync(Batch(i), Ct));
        }

        fake.ForbiddenChannels.Clear(); // an admin fixes the permissions
        time.Advance(DiscordChannelOutput.BrokenChannelPause);
        var after = await output.DeliverAsync(Batch(6), Ct);

        Assert.All(outcomes, o => Assert.Equal(DeliveryStatus.Permanent, o.Status));
        Assert.All(outcomes, o => Assert.Contains("missing permissions (50013)", o.Reason, StringComparison.Ordinal));
        Assert.Equal(2, fake.Requests.Count);
        Assert.Equal(DeliveryOutcome.Delivered, after);
        Assert.Equal("💬 **a**: m6", Assert.Single(fake.Messages).Content);
    }
}
