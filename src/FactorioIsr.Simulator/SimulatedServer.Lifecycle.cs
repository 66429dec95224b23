using System.Globalization;

namespace FactorioIsr.Simulator;

internal sealed partial class SimulatedServer
{
    /// <summary>Closes RCON (listener and connections) for <paramref name="downtime"/>, then listens again.</summary>
    public async Task RconDownAsync(TimeSpan downtime)
    {
        await Rcon.StopAsync();
        _ = Task.Run(async () =>
        {
            await Task.Delay(downtime, _time);
            await _lifecycle.WaitAsync();
            try
            {
                if (!_disposed && !Rcon.IsListening)
                {
                    Rcon.Start();
                }
            }
            finally
            {
                _lifecycle.Release();
            }
        });
    }

    /// <summary>
    /// A real restart: shutdown lines and Goodbye in the current log, RCON gone, the current log moved to
    /// factorio-previous.log, a new current log from 0.000 with the startup sequence, RCON back.
    /// </summary>
    public async Task RestartAsync(string quitReason = "Quitting: signal.")
    {
        await _lifecycle.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            await Rcon.StopAsync();
            WriteShutdown(quitReason == "Quitting: signal." ? "Received SIGTERM, shutting down" : null, quitReason);
            Game.DisconnectAll();
            await Task.Delay(TimeSpan.FromMilliseconds(300), _time);
            Logs.Current.RotateForRestart(Logs.PreviousPath);
            WriteStartup();
            Rcon.Start();
            Logs.Current.Info("RemoteCommandProcessor.cpp:133", $"Starting RCON interface at IP ADDR:({{0.0.0.0:{Rcon.Port}}})");
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private void WriteStartup()
    {
        var current = Logs.Current;
        var version = Game.Version;
        var now = _time.GetLocalNow().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        current.Bare($"{now}; Factorio {version} (build 83451, linux64, headless{(version.IsV2 ? ", space-age" : string.Empty)})");
        current.Bare("Operating system: Linux (Debian 12)");
        current.Bare($"Program arguments: \"/opt/factorio/bin/x64/factorio\" \"--start-server-load-latest\" \"--rcon-port\" \"{_options.Port}\" \"--rcon-password\" \"<hidden>\" \"--console-log\" \"{Logs.Console.File.Path}\"");
        current.Bare("Read data path: /opt/factorio/data");
        current.Bare("Write data path: /factorio [61440/204800MB]");
        current.Bare("Binaries path: /opt/factorio/bin");
        current.Bare("Running in headless mode");
        current.Bare($"Loading mod core 0.0.0 (data.lua)");
        current.Bare($"Loading mod base {version} (data.lua)");
        current.StateChange(CurrentLogPreload, "Ready", "PreparedToHostGame");
        current.StateChange(CurrentLogPreload, "PreparedToHostGame", "CreatingGame");
        current.Bare($"Loading map /factorio/saves/{Tag}.zip: 4718592 bytes.");
        current.Info("Scenario.cpp:199", $"Map version {version}-0");
        var tick = Game.Tick.ToString(CultureInfo.InvariantCulture);
        current.StateChange(tick, "CreatingGame", "InGame");
        current.Info("ServerMultiplayerManager.cpp:1078", "Hosting game at IP ADDR:({0.0.0.0:34197})");
    }

    private string CurrentLogPreload => Game.Version.IsV2 ? FactorioIsr.Simulator.Logs.CurrentLog.PreloadTick : "4294967295";

    private void WriteShutdown(string? signalLine, string quitReason)
    {
        var current = Logs.Current;
        var tick = Game.Tick.ToString(CultureInfo.InvariantCulture);
        if (signalLine is not null)
        {
            current.Bare(signalLine);
        }

        current.Info("ServerMultiplayerManager.cpp:808", quitReason);
        current.StateChange(tick, "InGame", "DisconnectingScheduled");
        current.StateChange(tick, "DisconnectingScheduled", "Disconnecting");
        current.StateChange(tick, "Disconnecting", "Disconnected");
        current.Info("MainLoop.cpp:1397", $"Saving map as /factorio/saves/{Tag}.zip");
        current.Info("MainLoop.cpp:1397", "Saving progress: 100.000000%");
        current.StateChange(tick, "Disconnected", "Closed");
        current.Bare("Goodbye");
    }
}
