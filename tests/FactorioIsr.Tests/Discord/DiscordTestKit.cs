using FactorioIsr.Discord.Rest;
using FactorioIsr.FakeDiscord;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FactorioIsr.Tests.Discord;

/// <summary>Builds a fake Discord and a REST client pointed at it, on one clock.</summary>
internal static class DiscordTestKit
{
    public static async Task<FakeDiscordServer> StartFakeAsync(FakeDiscordOptions? options = null)
    {
        var fake = new FakeDiscordServer(options);
        await fake.StartAsync(TestContext.Current.CancellationToken);
        return fake;
    }

    public static DiscordRestClient CreateClient(FakeDiscordServer fake, TimeProvider? time = null, DiscordRestOptions? options = null)
    {
        var settings = (options ?? new DiscordRestOptions()) with { BaseUrl = fake.BaseUrl, Token = options?.Token is { Length: > 0 } t ? t : fake.Options.Token };
        return new DiscordRestClient(DiscordRestClient.CreateDefaultHandler(), settings, time ?? fake.Options.Time, NullLogger<DiscordRestClient>.Instance);
    }

    /// <summary>Fast retries for tests that script 5xx answers.</summary>
    public static DiscordRestOptions FastRetries { get; } = new()
    {
        ServerErrorBackoff = new BackoffPolicy(TimeSpan.FromMilliseconds(20), 2, TimeSpan.FromMilliseconds(100), 3),
        RequestTimeout = TimeSpan.FromSeconds(2),
    };

    /// <summary>
    /// Runs <paramref name="operation"/> while moving <paramref name="time"/> forward in small steps, so waits of
    /// minutes on the fake clock take milliseconds of real time. Both the fake and the client read this clock.
    /// </summary>
    public static async Task<T> RunWithFakeTimeAsync<T>(FakeTimeProvider time, Func<Task<T>> operation, TimeSpan? step = null, TimeSpan? limit = null)
    {
        var task = operation();
        var advance = step ?? TimeSpan.FromMilliseconds(100);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var max = limit ?? TimeSpan.FromSeconds(60);
        while (!task.IsCompleted)
        {
            await Task.WhenAny(task, Task.Delay(2, TestContext.Current.CancellationToken));
            if (!task.IsCompleted)
            {
                time.Advance(advance);
            }

            if (stopwatch.Elapsed > max)
            {
                throw new TimeoutException("The operation did not finish under fake time.");
            }
        }

        return await task;
    }

    public static void AssertValidBodies(FakeDiscordServer fake) =>
        Assert.True(fake.ValidationFailures.Count == 0, string.Join(Environment.NewLine, fake.ValidationFailures));
}
