using FactorioIsr.Configuration;
using FactorioIsr.Events;
using FactorioIsr.Monitoring;
using FactorioIsr.Rcon.Client;
using FactorioIsr.Simulator;
using FactorioIsr.State;
using FactorioIsr.Tests.Tailing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FactorioIsr.Tests.Monitoring;

/// <summary>
/// One simulated server and one <see cref="ServerMonitor"/> on it, both on a fake clock (game ticks advance only when
/// the test advances it), with the events it publishes collected. The RCON client keeps the real clock for its
/// timeouts and backoff, so loopback I/O is never stuck behind the fake one.
/// </summary>
internal sealed class MonitorHarness : IAsyncDisposable
{
    public static readonly string Password = "monitor-pw-" + Guid.NewGuid().ToString("N");

    private readonly TempDirectory _dir;

    private MonitorHarness(TempDirectory dir, FakeTimeProvider time, SimulatorHost sim, SqliteStateStore store, MonitoringConfig settings, bool achievementSafe)
    {
        _dir = dir;
        Time = time;
        Sim = sim;
        Store = store;
        Settings = settings;
        AchievementSafe = achievementSafe;
    }

    public FakeTimeProvider Time { get; }

    public SimulatorHost Sim { get; }

    public SqliteStateStore Store { get; }

    public MonitoringConfig Settings { get; }

    public bool AchievementSafe { get; }

    /// <summary>The status route's channel of the monitors made from now on (<c>stats_mode: edit</c> needs one).</summary>
    public string? StatusChannelId { get; set; }

    public List<FactorioEvent> Events { get; } = [];

    public ServerMonitor Monitor { get; private set; } = null!;

    public static MonitoringConfig FastSettings { get; } = MonitoringConfig.Defaults with { AlertCheckInterval = 10, StatsInterval = 60, AlertCooldown = 300 };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<MonitorHarness> StartAsync(MonitoringConfig? settings = null, bool achievementSafe = false, int players = 2, string version = "2.0.77")
    {
        var dir = new TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var sim = await SimulatorHost.StartAsync(
            new SimulatorOptions
            {
                Directory = dir.File("sim"),
                Servers = 1,
                RconPort = 0,
                RconPassword = Password,
                RandomActivity = false,
                InitialPlayers = players,
                GameVersion = version,
                TimeProvider = time,
            },
            Ct);
        var store = SqliteStateStore.Open(dir.File("isr.db"), TimeProvider.System, NullLogger.Instance);
        var harness = new MonitorHarness(dir, time, sim, store, settings ?? FastSettings, achievementSafe);
        await harness.NewMonitorAsync();
        return harness;
    }

    /// <summary>A new monitor on the same server and store (what a restart of isr builds); the old one is closed.</summary>
    public async Task NewMonitorAsync()
    {
        if (Monitor is not null)
        {
            await Monitor.DisposeAsync();
        }

        var client = new RconClient(new RconClientOptions
        {
            Host = "127.0.0.1",
            Port = Sim.Servers[0].RconPort,
            Password = Password,
            Name = "sim1",
            CommandTimeout = TimeSpan.FromSeconds(20),
            Backoff = new RconBackoff { Initial = TimeSpan.FromMilliseconds(20), Max = TimeSpan.FromMilliseconds(200), Jitter = 0 },
        });
        var monitoring = new ServerMonitoring("Sim 1", new RconConfig("127.0.0.1", Sim.Servers[0].RconPort, new Secret(Password)), AchievementSafe, Settings, MonitorTimings.Default, StatusChannelId);
        Monitor = new ServerMonitor("sim1", monitoring, client, Publish, Store, Time, NullLogger.Instance);
        await Monitor.InitializeAsync(Ct);
    }

    /// <summary>A <c>/sim</c> command (or any command) over a separate connection.</summary>
    public async Task<string> CommandAsync(string command)
    {
        await using var client = new RconClient(new RconClientOptions { Host = "127.0.0.1", Port = Sim.Servers[0].RconPort, Password = Password, Name = "test" });
        return await client.ExecuteAsync(command, Ct);
    }

    /// <summary>Advances the clock by the check interval and takes one interval sample, <paramref name="count"/> times.</summary>
    public async Task SampleAsync(int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(Settings.AlertCheckInterval));
            await Monitor.SampleAsync(Ct);
        }
    }

    public IReadOnlyList<FactorioEvent> OfType(string type) => [.. Events.Where(e => e.Type == type)];

    public async ValueTask DisposeAsync()
    {
        await Monitor.DisposeAsync();
        await Sim.DisposeAsync();
        Store.Dispose();
        _dir.Dispose();
    }

    private ValueTask Publish(FactorioEvent e, CancellationToken cancellationToken)
    {
        lock (Events)
        {
            Events.Add(e);
        }

        return ValueTask.CompletedTask;
    }
}
