using FactorioIsr.Discord.Gateway;
using FactorioIsr.FakeDiscord;
using Microsoft.Extensions.Time.Testing;

namespace FactorioIsr.Tests.Discord.Gateway;

/// <summary>The identify budget: <c>session_start_limit</c> and at most one Identify per 5 s, on a fake clock.</summary>
public sealed class GatewayIdentifyBudgetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Delay_NoneRemaining_WaitsUntilTheReset()
    {
        var time = new FakeTimeProvider();
        var budget = new GatewayIdentifyBudget(time, TimeSpan.FromSeconds(5));
        budget.Update(1000, 0, TimeSpan.FromMinutes(10), 1);

        Assert.Equal(TimeSpan.FromMinutes(10), budget.Delay());
        time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(TimeSpan.FromMinutes(1), budget.Delay());
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(TimeSpan.Zero, budget.Delay());
        Assert.Equal(1000, budget.Remaining);
    }

    [Fact]
    public async Task Acquire_SpacesIdentifiesByFiveSeconds()
    {
        var time = new FakeTimeProvider();
        var budget = new GatewayIdentifyBudget(time, TimeSpan.FromSeconds(5));
        budget.Update(1000, 999, TimeSpan.FromHours(4), 1);

        await budget.AcquireAsync(Ct);
        var second = budget.AcquireAsync(Ct).AsTask();
        time.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Delay(20, Ct);
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));
        await second.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(997, budget.Remaining);
    }

    [Fact]
    public async Task Gateway_WithNoSessionStartsLeft_WaitsForResetAfter_BeforeConnecting()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.Zero));
        await using var fake = await DiscordTestKit.StartFakeAsync(new FakeDiscordOptions { Time = time });
        fake.Gateway.SessionStartLimit = new FakeSessionStartLimit(1000, 0, TimeSpan.FromMinutes(30), 1);
        await using var gateway = await GatewayUnderTest.StartAsync([new CollectingHandler(GatewayIntents.None, "INTERACTION_CREATE")],
            options: GatewayUnderTest.FastOptions with { IdentifySpacing = TimeSpan.FromSeconds(5) }, time: time, fake: fake);
        await fake.WaitUntilGatewayBotAsked();

        await AdvanceAsync(time, TimeSpan.FromMinutes(29));
        Assert.Empty(fake.Gateway.Connections);
        Assert.Empty(fake.Gateway.Identifies);

        await AdvanceAsync(time, TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await fake.Gateway.WaitForLiveAsync(cancellationToken: Ct);
        Assert.True(fake.Gateway.Identifies[0].At >= new DateTimeOffset(2026, 12, 1, 20, 30, 0, TimeSpan.Zero), $"identified at {fake.Gateway.Identifies[0].At}");
    }

    [Fact]
    public async Task Gateway_ReIdentifyingAtOnce_WaitsFiveSecondsAfterTheLastIdentify()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.Zero));
        await using var fake = await DiscordTestKit.StartFakeAsync(new FakeDiscordOptions { Time = time });
        fake.Gateway.HeartbeatInterval = TimeSpan.FromMinutes(10);
        var options = GatewayUnderTest.FastOptions with { IdentifySpacing = TimeSpan.FromSeconds(5), InvalidSessionDelayMin = TimeSpan.Zero, InvalidSessionDelayMax = TimeSpan.Zero };
        await using var gateway = await GatewayUnderTest.StartAsync([new CollectingHandler(GatewayIntents.None, "INTERACTION_CREATE")], options: options, time: time, fake: fake);
        await fake.Gateway.WaitForLiveAsync(cancellationToken: Ct);

        // A session rejected twice right away: each new Identify still keeps its 5 s.
        for (var n = 2; n <= 3; n++)
        {
            await fake.Gateway.SendInvalidSessionAsync(resumable: false, Ct);
            var count = n;
            var step = Task.Run(() => fake.Gateway.WaitForLiveAsync(handshakes: count, cancellationToken: Ct), Ct);
            while (!step.IsCompleted)
            {
                time.Advance(TimeSpan.FromMilliseconds(250));
                await Task.WhenAny(step, Task.Delay(5, Ct));
            }

            await step;
        }

        var at = fake.Gateway.Identifies.Select(i => i.At).ToList();
        Assert.Equal(3, at.Count);
        Assert.True(at[1] - at[0] >= TimeSpan.FromSeconds(5), $"{at[1] - at[0]} between the first two");
        Assert.True(at[2] - at[1] >= TimeSpan.FromSeconds(5), $"{at[2] - at[1]} between the last two");
    }

    /// <summary>Moves the clock in one-second steps, letting the client's timers run between them.</summary>
    private static async Task AdvanceAsync(FakeTimeProvider time, TimeSpan by)
    {
        for (var left = by; left > TimeSpan.Zero; left -= TimeSpan.FromSeconds(1))
        {
            time.Advance(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
            await Task.Delay(1, Ct);
        }
    }
}

internal static class FakeGatewayBotWaits
{
    public static Task WaitUntilGatewayBotAsked(this FakeDiscordServer fake) =>
        fake.Gateway.WaitUntilAsync(() => fake.Requests.Any(r => r.Route == "GET /gateway/bot" && r.Status == 200), "GET /gateway/bot", cancellationToken: TestContext.Current.CancellationToken);
}
