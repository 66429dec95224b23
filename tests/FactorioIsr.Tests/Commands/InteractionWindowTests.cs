using FactorioIsr.Commands;
using FactorioIsr.Discord.Interactions;
using FactorioIsr.FakeDiscord;
using FactorioIsr.Tests.Discord;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FactorioIsr.Tests.Commands;

/// <summary>Discord's windows and refusals: never answered twice, never after 3 s / 15 min, 10062 and 40060 handled.</summary>
public sealed class InteractionWindowTests
{
    [Fact]
    public async Task Discord_10062_is_counted_and_nothing_runs()
    {
        await using var h = await CommandHarness.StartAsync(servers: 1);
        var fakeTime = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var fake = new FakeDiscordServer(new FakeDiscordOptions { Time = fakeTime });
        await fake.StartAsync(TestContext.Current.CancellationToken);
        using var rest = DiscordTestKit.CreateClient(fake, TimeProvider.System);
        var replies = new InteractionReplies(rest, fake.Options.ApplicationId, TimeProvider.System, NullLogger.Instance);
        var router = new InteractionRouter(FactorioCommandSet.Create(), new CommandEnvironment(h.Servers, FactorioCommandSet.Create(), new UserContexts(h.Store), TimeProvider.System),
            new CommandPermissions(FactorioIsr.Configuration.DiscordSettings.Defaults, null, TimeProvider.System), replies, TimeProvider.System, NullLogger<InteractionRouter>.Instance);

        var id = CommandHarness.NextId();
        fake.RegisterInteraction(id);
        fakeTime.Advance(TimeSpan.FromSeconds(4)); // Discord sees the callback too late
        var before = h.Received().Count;
        h.Inject(InteractionJson.Command(id, "factorio-admin", null, "kick", CommandHarness.Administrator, ("player", "Alice")), router, register: false);
        await router.Idle;

        var callback = Assert.Single(fake.Interactions.CallbacksFor(id));
        Assert.Equal(404, callback.Status);
        Assert.Equal(1, replies.Counts.UnknownInteraction);
        Assert.Empty(fake.Interactions.EditsFor("tok-" + id)); // nothing edited
        Assert.Equal(before, h.Received().Count); // and the kick did not run: nobody would see its answer
    }

    [Fact]
    public async Task A_second_instance_gets_40060_and_handles_it()
    {
        await using var h = await CommandHarness.StartAsync(servers: 1);
        var second = h.CreateRouter();
        var json = InteractionJson.Command(CommandHarness.NextId(), "factorio", null, "servers", CommandHarness.Plain);
        h.Inject(json);
        await h.Router.Idle;
        var exchange = h.Inject(json, second, register: false);
        await second.Idle;

        Assert.Equal([204, 400], exchange.Callbacks.Select(c => c.Status));
        Assert.Equal(1, second.Replies.Counts.AlreadyAcknowledged);
    }

    [Fact]
    public async Task A_replayed_interaction_runs_once()
    {
        await using var h = await CommandHarness.StartAsync(servers: 1);
        var json = InteractionJson.Command(CommandHarness.NextId(), "factorio", null, "players", CommandHarness.Plain);
        h.Inject(json);
        var exchange = h.Inject(json, register: false); // RESUMED replays the dispatch
        await h.Router.Idle;
        Assert.Single(exchange.Callbacks);
        Assert.Single(exchange.Edits);
        Assert.Single(h.Received(), b => b == "/players online");
    }

    [Fact]
    public async Task Answers_after_3_s_or_15_min_are_not_sent()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        using var rest = DiscordTestKit.CreateClient(fake);
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var replies = new InteractionReplies(rest, fake.Options.ApplicationId, time, NullLogger.Instance);
        var interaction = new JsonInteraction { Id = "5001", Token = "tok-5001", Type = 2, ApplicationId = fake.Options.ApplicationId };
        fake.RegisterInteraction("5001");

        var late = replies.Gateway(interaction, time.GetTimestamp());
        time.Advance(TimeSpan.FromSeconds(3.5));
        Assert.False(await replies.AnswerAsync(late, new JsonInteractionReply { Type = 5 }, TestContext.Current.CancellationToken));
        Assert.Empty(fake.Interactions.Callbacks);

        var ok = replies.Gateway(new JsonInteraction { Id = "5002", Token = "tok-5002", Type = 2 }, time.GetTimestamp());
        Assert.True(await replies.AnswerAsync(ok, new JsonInteractionReply { Type = 5 }, TestContext.Current.CancellationToken));
        Assert.False(await replies.AnswerAsync(ok, new JsonInteractionReply { Type = 5 }, TestContext.Current.CancellationToken)); // never twice
        Assert.True(await replies.EditOriginalAsync(ok, new JsonInteractionEdit { Content = "done" }, TestContext.Current.CancellationToken));
        time.Advance(TimeSpan.FromMinutes(15));
        Assert.False(await replies.EditOriginalAsync(ok, new JsonInteractionEdit { Content = "too late" }, TestContext.Current.CancellationToken));

        Assert.Single(fake.Interactions.Callbacks);
        Assert.Single(fake.Interactions.Edits);
        Assert.Equal(new InteractionRefusals(2, 1, 0, 0, 0), replies.Counts);
    }

    [Fact]
    public async Task The_fake_refuses_an_edit_after_15_minutes_and_the_router_counts_it()
    {
        var fakeTime = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var fake = new FakeDiscordServer(new FakeDiscordOptions { Time = fakeTime });
        await fake.StartAsync(TestContext.Current.CancellationToken);
        using var rest = DiscordTestKit.CreateClient(fake, TimeProvider.System);
        var replies = new InteractionReplies(rest, fake.Options.ApplicationId, TimeProvider.System, NullLogger.Instance);
        fake.RegisterInteraction("6001");
        var exchange = replies.Gateway(new JsonInteraction { Id = "6001", Token = "tok-6001", Type = 2 }, TimeProvider.System.GetTimestamp());
        Assert.True(await replies.AnswerAsync(exchange, new JsonInteractionReply { Type = 5 }, TestContext.Current.CancellationToken));
        fakeTime.Advance(TimeSpan.FromMinutes(16));
        Assert.False(await replies.EditOriginalAsync(exchange, new JsonInteractionEdit { Content = "late" }, TestContext.Current.CancellationToken));
        Assert.Equal(1, replies.Counts.UnknownInteraction);
    }

    [Fact]
    public async Task Cooldowns_are_reported_once()
    {
        await using var h = await CommandHarness.StartAsync(servers: 1, cooldowns: true);
        for (var i = 0; i < 5; i++)
        {
            Assert.StartsWith("👥", (await h.RunAsync("players", CommandHarness.Plain)).Title, StringComparison.Ordinal);
        }

        var limited = await h.RunAsync("players", CommandHarness.Plain);
        var callback = Assert.Single(limited.Callbacks);
        Assert.Equal(4, callback.Type);
        Assert.True(limited.Ephemeral);
        Assert.Equal("⏱️ Slow Down!", limited.Title);
        Assert.Empty(limited.Edits); // the reference sent the notice a second time as a followup
        Assert.Equal(5, h.Received().Count(b => b == "/players online"));

        // Another tier has its own window.
        Assert.Equal("📱 Available Factorio Servers", (await h.RunAsync("servers", CommandHarness.Plain)).Title);
    }
}
