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

    /// <summary><c>/sim die NAME CAUSE</c>: the mod's player_died (and the respawn that follows).</summary>
    public string Die(string player, string cause)
    {
        lock (_gate)
        {
            Advance();
            _logs.ModEvents.Write(ModEvents.PlayerDied(_tick, player, cause, 12.5, -3));
            _logs.ModEvents.Write(ModEvents.PlayerRespawned(_tick + 600, player));
            return $"{player} killed by {cause}";
        }
    }

    /// <summary><c>/sim research TECH</c>: TECH finishes now (research_finished), and the next research starts.</summary>
    public string Research(string technology)
    {
        lock (_gate)
        {
            Advance();
            FinishResearchLocked(technology);
            _researchProgress = 0;
            _currentResearch = Technologies[_random.Next(Technologies.Length)];
            _logs.ModEvents.Write(ModEvents.ResearchStarted(_tick, _currentResearch));
            return $"research finished: {technology}";
        }
    }

    /// <summary><c>/sim rocket</c>: a rocket launch (the first one is also first_rocket); on 2.0 every other one goes to a platform.</summary>
    public string LaunchRocket()
    {
        lock (_gate)
        {
            Advance();
            _rockets++;
            var player = _online.Count > 0 ? _online[0] : null;
            var platform = Version.IsV2 && _rockets % 2 == 0 ? "Orbital One" : null;
            _logs.ModEvents.Write(ModEvents.RocketLaunched(_tick, Version.IsV2, player, platform is null ? "satellite x1" : "space-platform-foundation x10", platform));
            if (_rockets == 1)
            {
                _logs.ModEvents.Write(ModEvents.FirstRocket(_tick, player));
            }

            if (platform is not null)
            {
                _logs.ModEvents.Write(ModEvents.PlatformArrived(_tick + 1200, platform, "nauvis"));
            }

            return string.Create(CultureInfo.InvariantCulture, $"rocket {_rockets} launched");
        }
    }

    private void FinishResearchLocked(string technology)
    {
        if (_researched < _technologyCount)
        {
            _researched++;
        }

        _logs.ModEvents.Write(ModEvents.ResearchFinished(_tick, technology));
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
