using System.Globalization;
using System.Text.RegularExpressions;
using FactorioIsr.Rcon.Lua;

namespace FactorioIsr.Rcon.Factorio;

/// <summary>
/// Builds every command ISR sends, for one server version. Player names are validated, free text is sanitised
/// (<see cref="CommandText"/>), and every string that enters Lua goes through <see cref="LuaString.Quote"/>: nothing
/// is concatenated raw. With <see cref="AchievementSafe"/> the Lua builders throw
/// <see cref="RconFeatureDisabledException"/> and <see cref="DisabledReason"/> explains why.
/// Built-in (non-Lua) commands: <c>/players /admins /version /seed /time /server-save /kick /ban /unban /mute
/// /unmute /promote /demote /whisper /whitelist</c> and raw chat.
/// </summary>
public sealed partial class FactorioCommands(FactorioVersion version, bool achievementSafe)
{
    /// <summary>The reason given for every Lua feature when <c>achievement_safe</c> is on.</summary>
    public const string AchievementSafeReason =
        "achievement_safe is on for this server: Lua commands would permanently disable achievements on its save";

    public FactorioVersion Version { get; } = version;

    public bool AchievementSafe { get; } = achievementSafe;

    /// <summary>Null when <paramref name="feature"/> is available; otherwise why it is not (for status and doctor).</summary>
    public string? DisabledReason(FactorioFeature feature) => AchievementSafe ? AchievementSafeReason : null;

    // ---- Queries ----

    /// <summary><c>/players online</c>: the online players (<see cref="FactorioReplies.ParsePlayers"/>).</summary>
    public static RconCommand PlayersOnline() => Builtin("/players online");

    /// <summary><c>/players</c>: every player of the map, online ones marked.</summary>
    public static RconCommand Players() => Builtin("/players");

    public static RconCommand Admins() => Builtin("/admins");

    public static RconCommand GameVersion() => Builtin("/version");

    /// <summary><c>/time</c>: the map age, e.g. <c>1 day, 11 hours, 1 minute and 26 seconds</c>.</summary>
    public static RconCommand Time() => Builtin("/time");

    /// <summary>The map seed; Lua when allowed (the API moved in 2.0), otherwise the built-in <c>/seed</c>.</summary>
    public RconCommand Seed()
    {
        if (AchievementSafe)
        {
            return Builtin("/seed");
        }

        return Lua(Version.IsV2
            ? "rcon.print(game.default_map_gen_settings.seed)"
            : "rcon.print(game.surfaces[1].map_gen_settings.seed)");
    }

    /// <summary><c>game.tick</c> (a number).</summary>
    public RconCommand Tick() => Lua(FactorioFeature.Tick, "rcon.print(game.tick)");

    /// <summary>Enemy evolution as a JSON object <c>{"surface": factor}</c>; in 1.1 there is one force-wide value.</summary>
    public RconCommand Evolution()
    {
        if (!Version.IsV2)
        {
            return Lua(FactorioFeature.Evolution,
                "rcon.print(game.table_to_json({[game.surfaces[1].name]=game.forces.enemy.evolution_factor}))");
        }

        return Lua(FactorioFeature.Evolution,
            "local f,t=game.forces.enemy,{} for _,s in pairs(game.surfaces) do if not s.platform then "
            + "t[s.name]=f.get_evolution_factor(s) end end rcon.print(" + JsonHelper + "(t))");
    }

    /// <summary>Research of a force: <c>researched/total</c>, a tab, the current research (or empty), a tab, its progress.</summary>
    public RconCommand Research(string force = "player")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(force);
        return Lua(FactorioFeature.Research,
            "local f=game.forces[" + LuaString.Quote(force) + "] if not f then rcon.print('FORCE_NOT_FOUND') return end "
            + "local r,t=0,0 for _,x in pairs(f.technologies) do t=t+1 if x.researched then r=r+1 end end "
            + "rcon.print(r..'/'..t..'\\t'..(f.current_research and f.current_research.name or '')..'\\t'..f.research_progress)");
    }

    /// <summary><c>game.speed</c> (1.0 = 60 UPS).</summary>
    public RconCommand GetSpeed() => Lua(FactorioFeature.Speed, "rcon.print(game.speed)");

    /// <summary>Sets <c>game.speed</c>; accepted range 0.01..100.</summary>
    public RconCommand SetSpeed(double speed)
    {
        if (!double.IsFinite(speed) || speed < 0.01 || speed > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "Game speed must be between 0.01 and 100.");
        }

        return Lua(FactorioFeature.Speed, "game.speed=" + Number(speed) + " rcon.print(game.speed)");
    }

    /// <summary>The surface's daytime, 0..1 where 0 is noon and 0.5 midnight.</summary>
    public RconCommand GetDaytime(string surface = "nauvis") =>
        Lua(FactorioFeature.Daytime, SurfaceLocal(surface) + "rcon.print(s.daytime)");

    /// <summary>Sets the daytime (0..1, 0 = noon) and whether it stays frozen there.</summary>
    public RconCommand SetDaytime(double daytime, bool freeze, string surface = "nauvis")
    {
        if (!double.IsFinite(daytime) || daytime < 0 || daytime > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(daytime), daytime, "Daytime must be between 0 and 1 (0 = noon, 0.5 = midnight).");
        }

        return Lua(FactorioFeature.Daytime,
            SurfaceLocal(surface) + "s.daytime=" + Number(daytime) + " s.freeze_daytime=" + (freeze ? "true" : "false")
            + " rcon.print(s.daytime)");
    }

    private static string SurfaceLocal(string surface)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(surface);
        return "local s=game.get_surface(" + LuaString.Quote(surface) + ") if not s then rcon.print('SURFACE_NOT_FOUND') return end ";
    }

    private string JsonHelper => Version.HasHelpers ? "helpers.table_to_json" : "game.table_to_json";

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static RconCommand Builtin(string text) => new(text, IsLua: false);

    private static RconCommand Lua(string body) => new("/sc " + body, IsLua: true);

    private RconCommand Lua(FactorioFeature feature, string body)
    {
        var reason = DisabledReason(feature);
        if (reason is not null)
        {
            throw new RconFeatureDisabledException($"{feature}: {reason}");
        }

        return Lua(body);
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex SaveNamePattern();
}
