using System.Net;
using FactorioIsr.Simulator.Game;
using FactorioIsr.Simulator.Logs;
using FactorioIsr.Simulator.Rcon;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Simulator;

/// <summary>One simulated Factorio server: game state, its three log files and its RCON server.</summary>
internal sealed partial class SimulatedServer : IAsyncDisposable
{
    private readonly SimulatedServerOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private int _targetPlayers;
    private bool _disposed;

    public SimulatedServer(SimulatedServerOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _time = time;
        _random = new Random(options.RandomSeed ^ 0x5EED);
        Logs = new ServerLogs(options.Directory, time, options.ModMaxFileBytes, options.ModMaxFileEvents, options.ModKeepFiles);
        Game = new GameState(options, Logs, time);
        _targetPlayers = options.InitialPlayers;
        Rcon = new SimulatedRconServer(options.Port, options.Password, Handle, OnRconConnection, logger);
    }

    public string Tag => _options.Tag;

    public int RconPort => Rcon.Port;

    public string Password => _options.Password;

    public GameState Game { get; }

    public ServerLogs Logs { get; }

    public SimulatedRconServer Rcon { get; }

    /// <summary>Every RCON command body received, in order (tests assert that only safe commands arrived).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Received { get; } = new();

    public void Start()
    {
        WriteStartup();
        Rcon.Start();
        Logs.Current.Info("RemoteCommandProcessor.cpp:133", $"Starting RCON interface at IP ADDR:({{0.0.0.0:{Rcon.Port}}})");
        if (!_options.RandomActivity && _options.InitialPlayers > 0)
        {
            Game.SetOnlineCount(_options.InitialPlayers);
        }
    }

    /// <summary>Background activity, called about once a second by the host.</summary>
    public void Step() => Game.Step(_options.RandomActivity, _targetPlayers, _options.AutosaveInterval);

    private void OnRconConnection(IPEndPoint remote) =>
        Logs.Current.Info("RemoteCommandProcessor.cpp:324", $"New RCON connection from IP ADDR:({{{remote.Address}:{remote.Port}}})");

    /// <summary>Answers one RCON command body.</summary>
    internal CommandResult Handle(string body)
    {
        Received.Enqueue(body);
        if (body.StartsWith("/sim", StringComparison.Ordinal) && (body.Length == 4 || body[4] == ' '))
        {
            return Sim(body.Length > 5 ? body[5..] : string.Empty);
        }

        // Long commands may finish after later short ones in Factorio: reply to them a little later.
        var delay = body.Length > 50 ? TimeSpan.FromMilliseconds(_random.Next(2, 40)) : TimeSpan.Zero;
        if (!body.StartsWith('/'))
        {
            Game.ServerChat(body);
            return new CommandResult(string.Empty, delay);
        }

        var (name, args) = GameState.Split(body[1..]);
        name = name.ToLowerInvariant();
        switch (name)
        {
            case "c" or "command" or "measured-command":
                Logs.Console.Tagged("COMMAND", "<server> (command): " + args);
                return new CommandResult(Game.Lua(args), delay);
            case "sc" or "silent-command":
                return new CommandResult(Game.Lua(args), delay);
            case "quit":
                return new CommandResult(string.Empty, delay, () => RestartAsync("Quitting: remote-quit."));
            default:
                var reply = Game.Builtin(name, args) ?? $"Unknown command \"{name}\". Type /h or /help for the list of commands.";
                return new CommandResult(reply, delay);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _lifecycle.WaitAsync();
        try
        {
            await Rcon.DisposeAsync();
            WriteShutdown("Received SIGINT, shutting down", "Quitting: signal.");
            Logs.Dispose();
        }
        finally
        {
            _lifecycle.Release();
        }
    }
}
