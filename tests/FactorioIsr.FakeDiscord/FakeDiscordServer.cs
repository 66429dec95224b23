using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.FakeDiscord;

/// <summary>
/// A fake Discord REST API + webhooks on 127.0.0.1 (port 0 on first start, the same port on restarts):
/// realistic rate-limit headers and buckets, 429s of every scope, scripted faults, nonce dedupe, Discord's
/// error format, and a thread-safe record of everything it accepted. Every JSON body is validated against
/// Discord's OpenAPI document; failures are collected in <see cref="ValidationFailures"/>.
/// </summary>
public sealed partial class FakeDiscordServer : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<FakeMessage> _messages = [];
    private readonly List<FakeRequest> _requests = [];
    private readonly List<FakeValidationFailure> _failures = [];
    private readonly List<FakeFault> _faults = [];
    private readonly ConcurrentDictionary<string, (FakeMessage Message, DateTimeOffset At)> _nonces = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _webhooks = new(StringComparer.Ordinal);
    private readonly FakeRateLimitTable _limits;
    private WebApplication? _app;
    private long _nextId = 1_100_000_000_000_000_000;

    public FakeDiscordServer(FakeDiscordOptions? options = null)
    {
        Options = options ?? new FakeDiscordOptions();
        _limits = new FakeRateLimitTable(Options.RouteLimits);
        Port = Options.Port;
    }

    public FakeDiscordOptions Options { get; }

    public int Port { get; private set; }

    /// <summary><c>http://127.0.0.1:PORT/api/v10/</c>.</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/api/v10/");

    /// <summary>Channels that answer 404 10003 Unknown Channel.</summary>
    public ConcurrentDictionary<string, bool> UnknownChannels { get; } = new(StringComparer.Ordinal);

    /// <summary>Channels that answer 403 50013 Missing Permissions.</summary>
    public ConcurrentDictionary<string, bool> ForbiddenChannels { get; } = new(StringComparer.Ordinal);

    /// <summary>Guild roles served by <c>GET /guilds/{guild_id}/roles</c> (same list for every guild).</summary>
    public ConcurrentDictionary<string, string> Roles { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<FakeMessage> Messages
    {
        get
        {
            lock (_lock)
            {
                return _messages.ToList();
            }
        }
    }

    public IReadOnlyList<FakeRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return _requests.ToList();
            }
        }
    }

    public IReadOnlyList<FakeValidationFailure> ValidationFailures
    {
        get
        {
            lock (_lock)
            {
                return _failures.ToList();
            }
        }
    }

    /// <summary>
    /// 429s the fake produced by itself (not scripted): each one is a request sent on an exhausted bucket, over the
    /// global limit, or before a scripted 429's retry time had passed. A well-behaved client keeps this at zero.
    /// </summary>
    public int UnscriptedRateLimits => Requests.Count(r => r.Status == 429 && !r.Scripted);

    /// <summary>Registers a webhook (id + token) posting into a channel.</summary>
    public void AddWebhook(string id, string token, string channelId) => _webhooks[id + "/" + token] = channelId;

    public FakeFault AddFault(FakeFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_lock)
        {
            _faults.Add(fault);
        }

        return fault;
    }

    public void ClearFaults()
    {
        lock (_lock)
        {
            _faults.Clear();
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("Already started.");
        }

        if (Options.ValidateOpenApi)
        {
            // Load the 1.2 MB document now rather than inside the first request.
            _ = OpenApi.OpenApiBodyValidator.Default.HasRequestSchema("/channels/{channel_id}/messages", "POST");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(Options.ListenAddress, Port));
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Urls.First();
        Port = new Uri(address).Port;
        _app = app;
    }

    /// <summary>Stops listening: new connections are refused until <see cref="StartAsync"/> (same port).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        var app = _app;
        _app = null;
        if (app is not null)
        {
            await app.StopAsync(cancellationToken);
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private string NextId() => Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private FakeFault? TakeFault(string route, DateTimeOffset now)
    {
        lock (_lock)
        {
            return _faults.FirstOrDefault(f => f.TryConsume(route, now));
        }
    }

    private void Record(FakeRequest request)
    {
        lock (_lock)
        {
            _requests.Add(request);
        }
    }

    private void Record(FakeMessage message)
    {
        lock (_lock)
        {
            _messages.Add(message);
        }
    }

    private void Record(FakeValidationFailure failure)
    {
        lock (_lock)
        {
            _failures.Add(failure);
        }
    }
}
