using System.Text.Json;
using FactorioIsr.Simulator;

namespace FactorioIsr.Tests.Simulator;

/// <summary>The simulator writes the companion mod's files: format, /sim die, /sim research, /sim rocket, rollover.</summary>
public sealed class SimulatorModEventTests : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "isr-simmod-" + Guid.NewGuid().ToString("N")[..8]);
    private SimulatorHost? _host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static async Task<SimulatorHost> StartAsync(string directory, string version, int eventsPerFile = 10_000, int keep = 10) =>
        await SimulatorHost.StartAsync(
            new SimulatorOptions
            {
                Directory = directory,
                Servers = 1,
                RconPort = 0,
                RconPassword = TestSimulator.Password,
                RandomActivity = false,
                InitialPlayers = 1,
                GameVersion = version,
                ModMaxFileEvents = eventsPerFile,
                ModKeepFiles = keep,
            },
            Ct);

    internal static async Task SimAsync(SimulatorHost host, params string[] commands)
    {
        await using var client = new FactorioIsr.Rcon.Client.RconClient(new FactorioIsr.Rcon.Client.RconClientOptions
        {
            Host = "127.0.0.1",
            Port = host.Servers[0].RconPort,
            Password = TestSimulator.Password,
            Name = "sim1",
        });
        foreach (var command in commands)
        {
            await client.ExecuteAsync(command, Ct);
        }
    }

    private List<(string File, JsonElement Event)> Read()
    {
        var dir = Path.Combine(_directory, "sim1", "script-output", "isr");
        return [.. Directory.EnumerateFiles(dir, "events-*.jsonl")
            .OrderBy(p => int.Parse(Path.GetFileNameWithoutExtension(p)["events-".Length..], System.Globalization.CultureInfo.InvariantCulture))
            .SelectMany(p => File.ReadAllLines(p).Select(l => (Path.GetFileName(p), JsonDocument.Parse(l).RootElement.Clone())))];
    }

    [Theory]
    [InlineData("2.0.77")]
    [InlineData("1.1.110")]
    public async Task SimCommands_WriteTheModsEvents_InItsFormat(string version)
    {
        _host = await StartAsync(_directory, version);
        await SimAsync(_host, "/sim pause", "/sim die Alice small-biter", "/sim research automation", "/sim rocket", "/sim rocket");

        var events = Read();
        var v2 = version.StartsWith('2');
        Assert.Equal(
            [
                "player_died", "player_respawned", "research_finished", "research_started", "rocket_launched", "first_rocket", "rocket_launched",
                .. v2 ? ["platform_arrived"] : Array.Empty<string>(),
            ],
            events.Select(e => e.Event.GetProperty("type").GetString()));
        Assert.All(events, e =>
        {
            var names = e.Event.EnumerateObject().Select(p => p.Name).ToList();
            Assert.Equal(["v", "tick", "type"], names[..3]);
            Assert.Equal(1, e.Event.GetProperty("v").GetInt32());
        });
        var death = events[0].Event;
        Assert.Equal("Alice", death.GetProperty("player").GetString());
        Assert.Equal("small-biter", death.GetProperty("cause_name").GetString());
        Assert.Equal("unit", death.GetProperty("cause_type").GetString());
        Assert.Equal("enemy", death.GetProperty("cause_force").GetString());
        Assert.Equal("automation", events[2].Event.GetProperty("technology").GetString());
        Assert.Equal(v2, events[4].Event.TryGetProperty("destination", out _));
        if (v2)
        {
            Assert.Equal("Orbital One", events[6].Event.GetProperty("platform").GetString());
        }
    }

    [Fact]
    public async Task ModFiles_RollOverPastTheEventLimit_AndKeepTheLastFiles()
    {
        _host = await StartAsync(_directory, "2.0.77", eventsPerFile: 2, keep: 2);
        await SimAsync(_host, "/sim pause", "/sim die A small-biter", "/sim die B locomotive", "/sim die C gun-turret", "/sim research automation");

        var dir = Path.Combine(_directory, "sim1", "script-output", "isr");
        var files = Directory.EnumerateFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["events-3.jsonl", "events-4.jsonl"], files); // 8 events, 2 per file; files 1 and 2 deleted
        Assert.All(files, f => Assert.Equal(2, File.ReadAllLines(Path.Combine(dir, f!)).Length));
        var yml = await File.ReadAllTextAsync(_host.ServersYmlPath, Ct);
        Assert.Contains("mod_events_path: '" + Path.Combine(dir, "events-*.jsonl") + "'", yml, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
