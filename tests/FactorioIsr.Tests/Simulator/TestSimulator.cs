using FactorioIsr.Rcon.Client;
using FactorioIsr.Simulator;

namespace FactorioIsr.Tests.Simulator;

/// <summary>A simulator on ephemeral loopback ports in a temporary directory, removed on dispose.</summary>
internal sealed class TestSimulator : IAsyncDisposable
{
    public const string Password = "test-pw";

    private TestSimulator(SimulatorHost host, string directory)
    {
        Host = host;
        Directory = directory;
    }

    public SimulatorHost Host { get; }

    public string Directory { get; }

    public int Port(int index = 0) => Host.Servers[index].RconPort;

    public string ServerDirectory(int index = 0) => Path.Combine(Directory, Host.Servers[index].Tag);

    public static async Task<TestSimulator> StartAsync(int servers = 1, int initialPlayers = 2, bool achievements = false, string version = "2.0.77")
    {
        var directory = Path.Combine(Path.GetTempPath(), "isr-sim-" + Guid.NewGuid().ToString("N"));
        var host = await SimulatorHost.StartAsync(
            new SimulatorOptions
            {
                Directory = directory,
                Servers = servers,
                RconPort = 0,
                RconPassword = Password,
                RandomActivity = false,
                InitialPlayers = initialPlayers,
                AchievementsEnabled = achievements,
                GameVersion = version,
            },
            TestContext.Current.CancellationToken);
        return new TestSimulator(host, directory);
    }

    public RconClient CreateClient(int index = 0, string password = Password, Func<RconClientOptions, RconClientOptions>? configure = null)
    {
        var options = new RconClientOptions
        {
            Host = "127.0.0.1",
            Port = Port(index),
            Password = password,
            Name = Host.Servers[index].Tag,
            CommandTimeout = TimeSpan.FromSeconds(20),
            ConnectTimeout = TimeSpan.FromSeconds(20),
            Backoff = new RconBackoff { Initial = TimeSpan.FromMilliseconds(50), Max = TimeSpan.FromSeconds(1), Jitter = 0 },
        };
        return new RconClient(configure is null ? options : configure(options));
    }

    public string[] ReadLines(string file, int index = 0)
    {
        var path = Path.Combine(ServerDirectory(index), file);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
