using FactorioIsr.Rcon.Factorio;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Simulator;

/// <summary>
/// Runs N simulated Factorio servers in this process: RCON on ports P..P+N-1 (loopback), logs under
/// <c>DIR/simN/</c>, and <c>DIR/servers.yml</c> describing them. Start with <see cref="StartAsync"/>, stop with
/// <see cref="DisposeAsync"/>. Used by <c>isr simulate</c>, tests, benchmarks and (later) <c>isr demo</c>.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly List<SimulatedServer> _servers;
    private readonly CancellationTokenSource _stop = new();
    private Task _activity = Task.CompletedTask;

    private SimulatorHost(string directory, List<SimulatedServer> servers)
    {
        Directory = directory;
        _servers = servers;
        ServersYmlPath = Path.Combine(directory, "servers.yml");
    }

    /// <summary>The directory holding the logs and servers.yml (absolute).</summary>
    public string Directory { get; }

    /// <summary>The servers.yml written for these servers.</summary>
    public string ServersYmlPath { get; }

    /// <summary>Tags (sim1..simN) with their RCON ports.</summary>
    public IReadOnlyList<(string Tag, int RconPort)> Servers => _servers.Select(s => (s.Tag, s.RconPort)).ToList();

    internal IReadOnlyList<SimulatedServer> SimulatedServers => _servers;

    /// <summary>Starts every server and writes servers.yml; throws (having stopped what started) when a port is taken.</summary>
    public static async Task<SimulatorHost> StartAsync(SimulatorOptions options, CancellationToken cancellationToken, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Servers, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.RconPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.RconPort + options.Servers - 1, 65535);
        if (!FactorioVersion.TryParse(options.GameVersion, out var version))
        {
            throw new ArgumentException($"'{options.GameVersion}' is not a Factorio version like 2.0.77.", nameof(options));
        }

        var directory = Path.GetFullPath(options.Directory);
        System.IO.Directory.CreateDirectory(directory);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("FactorioIsr.Simulator");
        var seedRandom = new Random(options.Seed);
        var servers = new List<SimulatedServer>(options.Servers);
        var host = new SimulatorHost(directory, servers);
        try
        {
            for (var i = 1; i <= options.Servers; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var tag = "sim" + i;
                var server = new SimulatedServer(
                    new SimulatedServerOptions
                    {
                        Tag = tag,
                        Directory = Path.Combine(directory, tag),
                        Port = options.RconPort == 0 ? 0 : options.RconPort + i - 1,
                        Password = options.RconPassword,
                        Ups = options.Ups,
                        GameVersion = version,
                        RandomSeed = seedRandom.Next(),
                        AchievementsEnabled = options.AchievementsEnabled,
                        RandomActivity = options.RandomActivity,
                        InitialPlayers = options.InitialPlayers ?? (options.RandomActivity ? seedRandom.Next(1, 4) : 0),
                        AutosaveInterval = options.AutosaveInterval,
                        ModMaxFileBytes = options.ModMaxFileBytes,
                        ModMaxFileEvents = options.ModMaxFileEvents,
                        ModKeepFiles = options.ModKeepFiles,
                    },
                    options.TimeProvider,
                    logger);
                servers.Add(server);
                server.Start();
            }

            await File.WriteAllTextAsync(host.ServersYmlPath, ServersYml.Render(servers), cancellationToken);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        host._activity = host.RunActivityAsync(options.TimeProvider);
        return host;
    }

    /// <summary>Runs a command against server <paramref name="tag"/> as if it came over RCON (tests, demo scripts).</summary>
    internal string? Execute(string tag, string command) => _servers.Single(s => s.Tag == tag).Handle(command).Reply;

    private async Task RunActivityAsync(TimeProvider time)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, _stop.Token);
                foreach (var server in _servers)
                {
                    server.Step();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _activity;
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        _stop.Dispose();
    }
}
