using System.Collections.Concurrent;
using FactorioIsr.Discord.Gateway;
using FactorioIsr.Discord.Rest;
using FactorioIsr.FakeDiscord;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.Discord.Gateway;

/// <summary>A handler that keeps what it is given; it throws on the dispatches <see cref="ThrowOn"/> picks.</summary>
internal sealed class CollectingHandler(GatewayIntents intents, params string[] events) : IGatewayEventHandler
{
    private readonly ConcurrentQueue<GatewayDispatch> _received = new();

    public GatewayIntents Intents { get; } = intents;

    public IReadOnlySet<string> Events { get; } = new HashSet<string>(events, StringComparer.Ordinal);

    public Func<GatewayDispatch, bool>? ThrowOn { get; init; }

    public IReadOnlyList<GatewayDispatch> Received => _received.ToList();

    public ValueTask HandleAsync(GatewayDispatch dispatch, CancellationToken cancellationToken)
    {
        _received.Enqueue(dispatch);
        if (ThrowOn?.Invoke(dispatch) == true)
        {
            throw new InvalidOperationException("handler failure on " + dispatch.Sequence);
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>A <see cref="GatewayClient"/> running against the fake Discord's gateway on loopback.</summary>
internal sealed class GatewayUnderTest : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private GatewayUnderTest(FakeDiscordServer fake, DiscordRestClient rest, GatewayClient client, IReadOnlyList<IGatewayEventHandler> handlers)
    {
        Fake = fake;
        Rest = rest;
        Client = client;
        Run = Task.Run(() => client.RunAsync(handlers, _stop.Token), CancellationToken.None);
    }

    /// <summary>Short waits, so the scripted scenarios take milliseconds.</summary>
    public static GatewayClientOptions FastOptions { get; } = new()
    {
        IdentifySpacing = TimeSpan.FromMilliseconds(100),
        InvalidSessionDelayMin = TimeSpan.FromMilliseconds(50),
        InvalidSessionDelayMax = TimeSpan.FromMilliseconds(100),
        ReconnectBackoff = new BackoffPolicy(TimeSpan.FromMilliseconds(50), 2, TimeSpan.FromMilliseconds(400), int.MaxValue),
        HelloTimeout = TimeSpan.FromSeconds(5),
    };

    public FakeDiscordServer Fake { get; }

    public FakeGateway Gateway => Fake.Gateway;

    public DiscordRestClient Rest { get; }

    public GatewayClient Client { get; }

    public Task Run { get; }

    public static async Task<GatewayUnderTest> StartAsync(
        IReadOnlyList<IGatewayEventHandler> handlers,
        Action<FakeGateway>? script = null,
        GatewayClientOptions? options = null,
        TimeProvider? time = null,
        FakeDiscordServer? fake = null,
        string? token = null)
    {
        fake ??= await DiscordTestKit.StartFakeAsync(new FakeDiscordOptions { Time = time ?? TimeProvider.System });
        script?.Invoke(fake.Gateway);
        var rest = DiscordTestKit.CreateClient(fake, time);
        var client = new GatewayClient(rest, (options ?? FastOptions) with { Token = token ?? fake.Options.Token }, time ?? TimeProvider.System, NullLogger<GatewayClient>.Instance);
        return new GatewayUnderTest(fake, rest, client, handlers);
    }

    /// <summary>Polls the client's status until <paramref name="condition"/> holds.</summary>
    public async Task WaitForStatusAsync(Func<GatewayStatus, bool> condition, string what, TimeSpan? timeout = null)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition(Client.Status))
        {
            if (stopwatch.Elapsed > (timeout ?? TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException($"Gateway client: no {what}; status {Client.Status}; fake: {string.Join("; ", Gateway.Connections)}");
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Stops the client as the host does (cancellation) and waits for it to return.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Run.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // Reported by the test that left it running.
        }

        Rest.Dispose();
        await Fake.DisposeAsync();
        _stop.Dispose();
    }
}
