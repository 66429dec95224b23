using FactorioIsr.Configuration;
using FactorioIsr.Hosting;
using FactorioIsr.Tests.Hosting;
using FactorioIsr.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace FactorioIsr.Tests.Http;

/// <summary><c>isr run</c>'s host in-process (the real composition root and Kestrel) on a free loopback port.</summary>
internal sealed class RelayUnderTest : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private RelayUnderTest(WebApplication app, int port, RelaySettings settings)
    {
        _app = app;
        Port = port;
        Settings = settings;
    }

    public int Port { get; }

    public RelaySettings Settings { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Builds the host from <paramref name="yaml"/> (written as servers.yml in <paramref name="dir"/>); started unless told otherwise.</summary>
    public static async Task<RelayUnderTest> StartAsync(TempDirectory dir, string yaml, IReadOnlyDictionary<string, string>? environment = null, bool start = true, string? configPath = null, string? patterns = null)
    {
        var port = IsrProcess.FreePort();
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["HEALTH_CHECK_HOST"] = "127.0.0.1",
            ["HEALTH_CHECK_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var config = configPath ?? dir.Write("servers.yml", yaml);
        RelayPreflightResult Preflight() => RelayPreflight.Run(config, patterns ?? Path.Combine(RepositoryRoot.Path, "patterns"), new ConfigEnvironment(variables, dir.Combine("secrets")), dir.Combine("state/isr.db"));
        var result = Preflight();
        Assert.True(result.Settings is not null, string.Join("\n", result.Diagnostics));
        var settings = result.Settings! with { Reload = Preflight };
        var app = RelayHost.Build(settings, TextWriter.Null);
        var relay = new RelayUnderTest(app, port, settings);
        if (start)
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
        }

        return relay;
    }

    public async Task<(int Status, string Body, string? ContentType)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{Port}{path}"), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, body, response.Content.Headers.ContentType?.ToString());
    }

    /// <summary>Polls <paramref name="path"/> until <paramref name="done"/> holds (or 30 s), returns the last answer.</summary>
    public async Task<(int Status, string Body)> WaitForAsync(string path, Func<int, string, bool> done)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var (status, body, _) = await GetAsync(path);
            if (done(status, body) || stopwatch.Elapsed > TimeSpan.FromSeconds(30))
            {
                return (status, body);
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            await _app.StopAsync(CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        await _app.DisposeAsync();
    }
}
