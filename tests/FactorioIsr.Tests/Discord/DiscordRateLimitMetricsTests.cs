using FactorioIsr.Discord.Messages;
using FactorioIsr.Discord.Rest;
using FactorioIsr.FakeDiscord;
using FactorioIsr.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace FactorioIsr.Tests.Discord;

/// <summary><c>isr_discord_rate_limited_total{scope}</c>: every 429 the client handles, by scope, against the fake Discord.</summary>
public sealed class DiscordRateLimitMetricsTests
{
    private const string MessagesRoute = "POST /channels/{channel_id}/messages";
    private const string Instrument = "isr_discord_rate_limited";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("user")]
    [InlineData("shared")]
    [InlineData("global")]
    public async Task Scripted429_IsCountedUnderItsScope(string scope)
    {
        var time = new FakeTimeProvider();
        await using var fake = await DiscordTestKit.StartFakeAsync(new FakeDiscordOptions { Time = time });
        fake.AddFault(new FakeFault(FakeFaultKind.RateLimit, MessagesRoute) { Scope = scope, RetryAfter = TimeSpan.FromSeconds(2) });
        using var meters = new TestMeters();
        using var client = DiscordTestKit.CreateClient(fake, time, new DiscordRestOptions { RequestTimeout = TimeSpan.FromDays(1) }, metrics: new DiscordRestMetrics(meters.Factory));

        await DiscordTestKit.RunWithFakeTimeAsync(time, () => client.CreateMessageAsync("10", DiscordMessage.Text("after 429"), null, Ct),
            step: TimeSpan.FromMilliseconds(50));

        Assert.Single(fake.Messages);
        Assert.Equal(1, meters.Sum(Instrument, ("scope", scope)));
        Assert.Equal(1, meters.Sum(Instrument));
    }

    [Fact]
    public async Task Sublimit_IsAUserScope429_AndCloudflareHasItsOwn()
    {
        var time = new FakeTimeProvider();
        await using var fake = await DiscordTestKit.StartFakeAsync(new FakeDiscordOptions { Time = time });
        fake.AddFault(new FakeFault(FakeFaultKind.Sublimit, MessagesRoute) { RetryAfter = TimeSpan.FromSeconds(3) });
        using var meters = new TestMeters();
        using var client = DiscordTestKit.CreateClient(fake, time, new DiscordRestOptions { RequestTimeout = TimeSpan.FromDays(1) }, metrics: new DiscordRestMetrics(meters.Factory));
        await DiscordTestKit.RunWithFakeTimeAsync(time, () => client.CreateMessageAsync("10", DiscordMessage.Text("s"), null, Ct));
        fake.AddFault(new FakeFault(FakeFaultKind.CloudflareHtml, MessagesRoute));

        await Assert.ThrowsAsync<DiscordRateLimitedException>(() => client.CreateMessageAsync("10", DiscordMessage.Text("x"), null, Ct));

        Assert.Equal(1, meters.Sum(Instrument, ("scope", "user")));
        Assert.Equal(1, meters.Sum(Instrument, ("scope", "cloudflare")));
    }
}
