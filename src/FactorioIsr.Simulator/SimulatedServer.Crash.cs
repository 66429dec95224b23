using System.Globalization;

namespace FactorioIsr.Simulator;

internal sealed partial class SimulatedServer
{
    /// <summary>The crash reasons <c>/sim crash</c> accepts.</summary>
    public static IReadOnlyList<string> CrashReasons { get; } = ["mod", "exception", "init", "desync", "disk"];

    /// <summary>
    /// A crash: the lines Factorio writes to factorio-current.log for <paramref name="reason"/>, then RCON is gone (the
    /// process died, so no <c>Goodbye</c>). A later <c>/sim restart</c> cannot be sent; the test disposes the host.
    /// </summary>
    public async Task CrashAsync(string reason)
    {
        await _lifecycle.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            await Rcon.StopAsync();
            var current = Logs.Current;
            var tick = Game.Tick.ToString(CultureInfo.InvariantCulture);
            switch (reason)
            {
                case "mod":
                    current.Bare($"Error MainLoop.cpp:1419: Exception at tick {tick}: The mod Example Mod (1.2.3) caused a non-recoverable error.");
                    current.Bare("Please report this error to the mod author.");
                    current.Bare(string.Empty);
                    current.Bare("Error while running event example-mod::on_tick (ID 0)");
                    current.Bare("__example-mod__/control.lua:42: attempt to index field 'surface' (a nil value)");
                    current.StateChange(tick, "InGame", "Failed");
                    break;
                case "exception":
                    current.Bare($"Error MainLoop.cpp:1419: Exception at tick {tick}: Unknown entity name: example-entity");
                    current.StateChange(tick, "InGame", "Failed");
                    break;
                case "init":
                    current.Bare("Error Scenario.cpp:142: Map version 2.0.77-0 cannot be loaded: a mod this save needs is missing");
                    current.StateChange(CurrentLogPreload, "CreatingGame", "InitializationFailed");
                    current.StateChange(CurrentLogPreload, "InitializationFailed", "Closed");
                    break;
                case "desync":
                    current.Bare($"Error ServerMultiplayerManager.cpp:91: Multiplayer desynchronisation: crc test (heuristic) failed for crcTick({tick}) serverCRC(3141592653) clientCRC(2718281828)");
                    current.StateChange(tick, "InGame", "Failed");
                    break;
                default:
                    current.Info("AppManager.cpp:1052", "Saving to _autosave1 (non-blocking).");
                    current.Bare("Error AppManagerStates.cpp:2022: Saving failed: write error /factorio/saves/_autosave1.zip.tmp: No space left on device");
                    current.StateChange(tick, "InGame", "Failed");
                    break;
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>A save (<c>/sim save</c>): the lines of a non-blocking autosave.</summary>
    public string Save()
    {
        Logs.Current.Info("AppManager.cpp:1052", "Saving to _autosave1 (non-blocking).");
        Logs.Current.Info("AppManagerStates.cpp:2022", "Saving finished");
        return "saved to _autosave1";
    }
}
