using FactorioIsr.Discord.Rest;
using FactorioIsr.Discord.Rest.RateLimits;
using Microsoft.Extensions.Time.Testing;

namespace FactorioIsr.Tests.Discord;

public sealed class RateLimiterTests
{
    private static readonly DiscordRoute Messages1 = DiscordRoute.Channel(HttpMethod.Post, "/channels/{channel_id}/messages", "/channels/1/messages", "1");
    private static readonly DiscordRoute Messages2 = DiscordRoute.Channel(HttpMethod.Post, "/channels/{channel_id}/messages", "/channels/2/messages", "2");
    private static readonly DiscordRoute Edit1 = DiscordRoute.Channel(HttpMethod.Patch, "/channels/{channel_id}/messages/{message_id}", "/channels/1/messages/9", "1");

    private static RateLimitHeaders Headers(int remaining, double resetAfter, string bucket = "abc", int limit = 5) =>
        RateLimitHeaders.Empty with { Bucket = bucket, Limit = limit, Remaining = remaining, ResetAfter = TimeSpan.FromSeconds(resetAfter) };

    [Fact]
    public void TryAcquire_ExhaustedBucket_WaitsUntilReset()
    {
        var time = new FakeTimeProvider();
        var limiter = new RateLimiter(time, 50);
        var bucket = limiter.GetBucket(Messages1);
        Assert.True(limiter.TryAcquire(Messages1, bucket, time.GetUtcNow()).CanProceed);
        bucket.Update(Headers(0, 4.5), time.GetUtcNow());

        var decision = limiter.TryAcquire(Messages1, bucket, time.GetUtcNow());

        Assert.False(decision.CanProceed);
        Assert.Equal(TimeSpan.FromSeconds(4.5) + RouteBucket.ResetMargin, decision.Wait);
        time.Advance(TimeSpan.FromSeconds(4.5));
        Assert.False(limiter.TryAcquire(Messages1, bucket, time.GetUtcNow()).CanProceed);
        time.Advance(RouteBucket.ResetMargin);
        Assert.True(limiter.TryAcquire(Messages1, bucket, time.GetUtcNow()).CanProceed);
    }

    [Fact]
    public void TryAcquire_LocalCountReachesZero_StopsBeforeTheServerSays429()
    {
        var time = new FakeTimeProvider();
        var limiter = new RateLimiter(time, 50);
        var bucket = limiter.GetBucket(Messages1);
        bucket.Update(Headers(2, 5), time.GetUtcNow());

        Assert.True(limiter.TryAcquire(Messages1, bucket, time.GetUtcNow()).CanProceed);
        Assert.True(limiter.TryAcquire(Messages1, bucket, time.GetUtcNow()).CanProceed);
        Assert.False(limiter.TryAcquire(Messages1, bucket, time.GetUtcNow()).CanProceed);
    }

    [Fact]
    public async Task Release_LearnedBucketHash_SharesStateAcrossRoutesButNotAcrossChannels()
    {
        var time = new FakeTimeProvider();
        var limiter = new RateLimiter(time, 50);
        var first = await limiter.AcquireAsync(Messages1, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        limiter.Release(Messages1, first, Headers(0, 5, "shared-hash"));
        var edit = await limiter.AcquireAsync(Edit1, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        limiter.Release(Edit1, edit, Headers(0, 5, "shared-hash"));

        Assert.Same(limiter.GetBucket(Messages1), limiter.GetBucket(Edit1));
        Assert.NotSame(limiter.GetBucket(Messages1), limiter.GetBucket(Messages2));
        Assert.False(limiter.TryAcquire(Messages1, limiter.GetBucket(Messages1), time.GetUtcNow()).CanProceed);
        Assert.True(limiter.TryAcquire(Messages2, limiter.GetBucket(Messages2), time.GetUtcNow()).CanProceed);
    }

    [Fact]
    public void TryAcquire_GlobalLimit_AllowsFiftyPerSecond()
    {
        var time = new FakeTimeProvider();
        var limiter = new RateLimiter(time, 50);
        var granted = 0;
        for (var i = 0; i < 80; i++)
        {
            var route = DiscordRoute.Channel(HttpMethod.Post, "/channels/{channel_id}/messages", $"/channels/{i}/messages", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (limiter.TryAcquire(route, limiter.GetBucket(route), time.GetUtcNow()).CanProceed)
            {
                granted++;
            }
        }

        Assert.Equal(50, granted);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(limiter.TryAcquire(Messages1, limiter.GetBucket(Messages1), time.GetUtcNow()).CanProceed);
        time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.True(limiter.TryAcquire(Messages1, limiter.GetBucket(Messages1), time.GetUtcNow()).CanProceed);
    }

    [Fact]
    public void TryAcquire_WebhookRoute_IsExemptFromTheGlobalCount()
    {
        var time = new FakeTimeProvider();
        var limiter = new RateLimiter(time, 1);
        var hook = DiscordRoute.Webhook(HttpMethod.Post, "/webhooks/{webhook_id}/{webhook_token}", "/webhooks/1/t", "1", "t");
        Assert.True(limiter.TryAcquire(Messages1, limiter.GetBucket(Messages1), time.GetUtcNow()).CanProceed);

        Assert.True(limiter.TryAcquire(hook, limiter.GetBucket(hook), time.GetUtcNow()).CanProceed);
        Assert.False(limiter.TryAcquire(Messages2, limiter.GetBucket(Messages2), time.GetUtcNow()).CanProceed);
    }

    [Theory]
    [InlineData(null, true, 0, "Global")]
    [InlineData("global", false, 0, "Global")]
    [InlineData("shared", false, 0, "Shared")]
    [InlineData("user", false, 0, "Route")]
    [InlineData("user", false, 3, "Sublimit")]
    public void OnRateLimited_Scope_ClassifiesAndBlocksTheRightThing(string? scope, bool globalHeader, int remaining, string expectedName)
    {
        var expected = Enum.Parse<RateLimitVerdict>(expectedName);
        var time = new FakeTimeProvider();
        var limiter = new RateLimiter(time, 50);
        var bucket = limiter.GetBucket(Messages1);
        var headers = RateLimitHeaders.Empty with { Scope = scope, Global = globalHeader, Remaining = remaining };

        var verdict = limiter.OnRateLimited(bucket, headers, TimeSpan.FromSeconds(2), bodyGlobal: false);

        Assert.Equal(expected, verdict);
        var other = limiter.GetBucket(Messages2);
        var sameBlocked = !limiter.TryAcquire(Messages1, bucket, time.GetUtcNow()).CanProceed;
        var otherBlocked = !limiter.TryAcquire(Messages2, other, time.GetUtcNow()).CanProceed;
        Assert.Equal(expected is RateLimitVerdict.Global or RateLimitVerdict.Shared or RateLimitVerdict.Route, sameBlocked);
        Assert.Equal(expected == RateLimitVerdict.Global, otherBlocked);
    }

    [Fact]
    public void InvalidRequestWindow_AtThreshold_OpensUntilTheWindowSlides()
    {
        var time = new FakeTimeProvider();
        var window = new InvalidRequestWindow(3);
        for (var i = 0; i < 3; i++)
        {
            window.Record(time.GetUtcNow());
            time.Advance(TimeSpan.FromMinutes(1));
        }

        var decision = window.Check(time.GetUtcNow());

        Assert.False(decision.CanProceed);
        Assert.Equal(TimeSpan.FromMinutes(7), decision.Wait);
        time.Advance(TimeSpan.FromMinutes(7));
        Assert.True(window.Check(time.GetUtcNow()).CanProceed);
        Assert.Equal(2, window.Count(time.GetUtcNow()));
    }

    [Fact]
    public void BackoffPolicy_Default_IsExponentialAndCapped()
    {
        Assert.Equal([TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], BackoffPolicy.Default.Delays());
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3)],
            new BackoffPolicy(TimeSpan.FromSeconds(1), 4, TimeSpan.FromSeconds(3), 3).Delays());
        Assert.Empty(BackoffPolicy.None.Delays());
    }

    [Theory]
    [InlineData("0.500", 500)]
    [InlineData("64.57", 64570)]
    [InlineData("1", 1000)]
    public void ParseSeconds_InvariantDecimals_Parsed(string text, int milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), RateLimitHeaders.ParseSeconds(text));
    }

    [Fact]
    public void Sweep_IdleBuckets_Forgotten()
    {
        var time = new FakeTimeProvider();
        var limiter = new RateLimiter(time, 50);
        var idle = limiter.GetBucket(Messages1);
        idle.TryAcquire(time.GetUtcNow());
        time.Advance(TimeSpan.FromHours(2));
        limiter.GetBucket(Messages2).TryAcquire(time.GetUtcNow());

        Assert.Equal(1, limiter.Sweep(TimeSpan.FromHours(1)));
        Assert.NotSame(idle, limiter.GetBucket(Messages1));
    }
}
