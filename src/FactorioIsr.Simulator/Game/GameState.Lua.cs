using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FactorioIsr.Simulator.Game;

internal sealed partial class GameState
{
    public const string AchievementWarning =
        "Using Lua console commands will disable achievements. Please repeat the command to proceed.";

    /// <summary>Largest reply <c>rcon.print(string.rep(...))</c> produces here.</summary>
    public const int MaxRepeat = 16 * 1024 * 1024;

    /// <summary>
    /// Answers Lua sent with <c>/sc</c> or <c>/c</c> by recognising stable API markers (<c>game.tick</c>,
    /// <c>get_evolution_factor</c>, <c>technologies</c>, ...), not whole strings, so our builders and other clients
    /// both get plausible answers. On a save that still has achievements the first Lua command is refused.
    /// </summary>
    public string Lua(string code)
    {
        lock (_gate)
        {
            Advance();
            if (_achievementsPending)
            {
                _achievementsPending = false;
                _logs.Console.Tagged("WARNING", AchievementWarning);
                return AchievementWarning;
            }

            return LuaLocked(code);
        }
    }

    private string LuaLocked(string code)
    {
        if (RepeatPattern().Match(code) is { Success: true } repeat)
        {
            var count = Math.Min(long.Parse(repeat.Groups[2].ValueSpan, CultureInfo.InvariantCulture), MaxRepeat);
            var unit = repeat.Groups[1].Value;
            var builder = new StringBuilder((int)Math.Min(count * unit.Length, MaxRepeat));
            for (var i = 0; i < count && builder.Length < MaxRepeat; i++)
            {
                builder.Append(unit);
            }

            return builder.Append('\n').ToString();
        }

        if (CommandsLua(code) is { } answer)
        {
            return answer;
        }

        if (code.Contains("research_all_technologies", StringComparison.Ordinal))
        {
            _researched = _technologyCount;
            return "All technologies researched\n";
        }

        if (code.Contains("technologies", StringComparison.Ordinal))
        {
            var current = _researched >= _technologyCount ? string.Empty : _currentResearch;
            var progress = current.Length == 0 ? 0 : _researchProgress;
            return string.Create(CultureInfo.InvariantCulture, $"{_researched}/{_technologyCount}\t{current}\t{progress:0.######}\n");
        }

        if (code.Contains("get_evolution_factor", StringComparison.Ordinal) || code.Contains("evolution_factor", StringComparison.Ordinal))
        {
            var surfaces = Version.IsV2 ? _evolutionStart : _evolutionStart.Take(1).ToDictionary();
            var parts = surfaces.Select(s => string.Create(CultureInfo.InvariantCulture, $"\"{s.Key}\":{EvolutionOf(s.Value):0.##########}"));
            return "{" + string.Join(',', parts) + "}\n";
        }

        if (SetNumberPattern("game.speed").Match(code) is { Success: true } speed)
        {
            _speed = Math.Clamp(double.Parse(speed.Groups[1].ValueSpan, CultureInfo.InvariantCulture), 0.01, 100);
            return Number(_speed);
        }

        if (code.Contains("game.speed", StringComparison.Ordinal))
        {
            return Number(_speed);
        }

        if (SetNumberPattern("daytime").Match(code) is { Success: true } day)
        {
            var value = double.Parse(day.Groups[1].ValueSpan, CultureInfo.InvariantCulture) % 1.0;
            var freeze = code.Contains("freeze_daytime=true", StringComparison.Ordinal);
            _frozenDaytime = freeze ? value : null;
            _daytimeOffset = (value - (_tick / (double)TicksPerDay % 1.0) + 1) % 1.0;
            return Number(Daytime);
        }

        if (code.Contains("daytime", StringComparison.Ordinal))
        {
            return Number(Daytime);
        }

        if (code.Contains("map_gen_settings.seed", StringComparison.Ordinal))
        {
            return Seed.ToString(CultureInfo.InvariantCulture) + "\n";
        }

        if (code.Contains("#game.connected_players", StringComparison.Ordinal))
        {
            return _online.Count.ToString(CultureInfo.InvariantCulture) + "\n";
        }

        if (code.Contains("game.connected_players", StringComparison.Ordinal))
        {
            return string.Join('\n', _online.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p}\t{_tick / 2}\t{_random.Next(0, 600)}"))) + "\n";
        }

        if (code.Contains("game.tick", StringComparison.Ordinal))
        {
            return _tick.ToString(CultureInfo.InvariantCulture) + "\n";
        }

        if (code.Contains("game_version", StringComparison.Ordinal) || code.Contains("active_mods", StringComparison.Ordinal))
        {
            return Version + "\n";
        }

        if (PrintLiteralPattern().Match(code) is { Success: true } literal)
        {
            return literal.Groups[2].Value + "\n";
        }

        // Anything else (game.print, assignments, unknown Lua) prints nothing, like Factorio.
        return string.Empty;
    }

    /// <summary>
    /// The Lua of ISR's command builders (FactorioCommands.Commands.cs): a force other than player, enemy or neutral
    /// does not exist; technology and surface lists; one technology researched or reverted; every one reverted.
    /// </summary>
    private string? CommandsLua(string code)
    {
        if (code.Contains("game.forces[\"", StringComparison.Ordinal)
            && !(code.Contains("game.forces[\"player\"]", StringComparison.Ordinal) || code.Contains("game.forces[\"enemy\"]", StringComparison.Ordinal)
                || code.Contains("game.forces[\"neutral\"]", StringComparison.Ordinal)))
        {
            return "FORCE_NOT_FOUND\n";
        }

        if (code.Contains("table.concat", StringComparison.Ordinal))
        {
            if (code.Contains("f.technologies", StringComparison.Ordinal))
            {
                return string.Join('\n', Technologies) + "\n";
            }

            if (code.Contains("game.surfaces", StringComparison.Ordinal))
            {
                return string.Join('\n', Version.IsV2 ? _evolutionStart.Keys : _evolutionStart.Keys.Take(1)) + "\n";
            }
        }

        if (code.Contains("f.technologies[", StringComparison.Ordinal))
        {
            var technology = Technologies.FirstOrDefault(t => code.Contains("f.technologies[\"" + t + "\"]", StringComparison.Ordinal));
            if (technology is null)
            {
                return "TECH_NOT_FOUND\n";
            }

            _researched = code.Contains("researched=true", StringComparison.Ordinal) ? Math.Min(_technologyCount, _researched + 1) : Math.Max(0, _researched - 1);
            return "TECH_OK\n";
        }

        if (code.Contains("x.researched=false", StringComparison.Ordinal))
        {
            _researched = 0;
            return "All technologies reverted\n";
        }

        return null;
    }

    private static string Number(double value) => value.ToString("0.##########", CultureInfo.InvariantCulture) + "\n";

    private static Regex SetNumberPattern(string property) => property == "game.speed" ? SpeedSetPattern() : DaytimeSetPattern();

    [GeneratedRegex(@"string\.rep\(\s*['""]([^'""]*)['""]\s*,\s*(\d{1,9})\s*\)", RegexOptions.CultureInvariant)]
    private static partial Regex RepeatPattern();

    [GeneratedRegex(@"game\.speed\s*=\s*([0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex SpeedSetPattern();

    [GeneratedRegex(@"\bdaytime\s*=\s*([0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex DaytimeSetPattern();

    [GeneratedRegex(@"^\s*rcon\.print\(\s*(['""])([^'""\\]*)\1\s*\)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex PrintLiteralPattern();
}
