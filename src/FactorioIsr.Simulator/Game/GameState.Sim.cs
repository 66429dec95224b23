using System.Globalization;

namespace FactorioIsr.Simulator.Game;

internal sealed partial class GameState
{
    public string SetUps(double ups)
    {
        lock (_gate)
        {
            Advance();
            _ups = ups;
            return string.Create(CultureInfo.InvariantCulture, $"UPS set to {ups:0.##} (at speed 1.0)");
        }
    }

    public string SetSpeed(double speed)
    {
        lock (_gate)
        {
            Advance();
            _speed = speed;
            return string.Create(CultureInfo.InvariantCulture, $"game speed set to {speed:0.##}");
        }
    }

    public string SetPaused(bool paused)
    {
        lock (_gate)
        {
            Advance();
            _manualPause = paused;
            return paused ? "game paused" : "game resumed";
        }
    }

    /// <summary>The save has achievements again: the next Lua command is refused with Factorio's warning.</summary>
    public string ArmAchievementWarning()
    {
        lock (_gate)
        {
            _achievementsPending = true;
            return "the next Lua command will be refused with the achievements warning";
        }
    }

    public string Describe()
    {
        lock (_gate)
        {
            Advance();
            return string.Create(CultureInfo.InvariantCulture,
                $"version {Version}, tick {_tick}, ups {_ups:0.##}, speed {_speed:0.##}, {(Running ? "running" : "paused")}, "
                + $"players online {_online.Count} ({string.Join(", ", _online)}), research {_researched}/{_technologyCount}, "
                + $"daytime {Daytime:0.###}");
        }
    }
}
