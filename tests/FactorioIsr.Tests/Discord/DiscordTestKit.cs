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

    public static DiscordRestClient CreateClient(FakeDiscordServer fake, TimeProvider? time = null, DiscordRestOptions? options = null, HttpMessageHandler? handler = null, DiscordRestMetrics? metrics = null)
    {
        var settings = (options ?? new DiscordRestOptions()) with { BaseUrl = fake.BaseUrl, Token = options?.Token is { Length: > 0 } t ? t : fake.Options.Token };
        return new DiscordRestClient(handler ?? DiscordRestClient.CreateDefaultHandler(), settings, time ?? fake.Options.Time, NullLogger<DiscordRestClient>.Instance, metrics);
    }

    /// <summary>Counts HTTP requests in flight (a pass-through over the real socket handler).</summary>
    public sealed class InFlightHandler() : DelegatingHandler(DiscordRestClient.CreateDefaultHandler())
    {
        private int _inFlight;

        public int InFlight => Volatile.Read(ref _inFlight);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _inFlight);
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                return response;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    /// <summary>Fast retries for tests that script 5xx answers.</summary>
    public static DiscordRestOptions FastRetries { get; } = new()
    {
        ServerErrorBackoff = new BackoffPolicy(TimeSpan.FromMilliseconds(20), 2, TimeSpan.FromMilliseconds(100), 3),
        RequestTimeout = TimeSpan.FromSeconds(30),
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

    /// <summary>
    /// Like <see cref="RunWithFakeTimeAsync{T}"/>, but the clock only moves while no HTTP request is in flight: every
    /// request reaches the fake at the fake time it was sent, however long a loaded machine takes to carry it. For
    /// limits the client enforces without server hints (the global one).
    /// </summary>
    public static async Task RunWithQuietFakeTimeAsync(FakeTimeProvider time, InFlightHandler handler, Func<Task> operation, TimeSpan step)
    {
        var task = operation();
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        while (!task.IsCompleted)
        {
            await Task.WhenAny(task, Task.Delay(5, TestContext.Current.CancellationToken));
            if (!task.IsCompleted && handler.InFlight == 0)
            {
                time.Advance(step);
            }

            if (stopwatch.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException("The operation did not finish under fake time.");
            }
        }

        await task;
    }

    public static void AssertValidBodies(FakeDiscordServer fake) =>
        Assert.True(fake.ValidationFailures.Count == 0, string.Join(Environment.NewLine, fake.ValidationFailures));
}
