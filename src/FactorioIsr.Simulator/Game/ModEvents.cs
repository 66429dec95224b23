using FactorioIsr.Simulator.Logs;

namespace FactorioIsr.Simulator.Game;

/// <summary>The companion mod's events as the simulated game makes them: the mod's types and fields (docs/mod.md).</summary>
internal static class ModEvents
{
    /// <summary>Entity types of the causes the simulator uses; anything else is a unit (a biter or a spitter).</summary>
    private static readonly Dictionary<string, (string Type, string Force)> Causes = new(StringComparer.Ordinal)
    {
        ["locomotive"] = ("locomotive", "player"),
        ["cargo-wagon"] = ("cargo-wagon", "player"),
        ["gun-turret"] = ("ammo-turret", "player"),
        ["laser-turret"] = ("electric-turret", "player"),
        ["small-worm-turret"] = ("turret", "enemy"),
        ["car"] = ("car", "player"),
        ["tank"] = ("car", "player"),
    };

    public static ModEvent PlayerDied(long tick, string player, string? cause, double x, double y)
    {
        var fields = new List<KeyValuePair<string, object>> { new("player", player) };
        if (!string.IsNullOrEmpty(cause))
        {
            var (type, force) = Causes.TryGetValue(cause, out var known) ? known : ("unit", "enemy");
            fields.Add(new("cause_name", cause));
            fields.Add(new("cause_type", type));
            fields.Add(new("cause_force", force));
        }

        fields.Add(new("force", "player"));
        fields.Add(new("surface", "nauvis"));
        fields.Add(new("x", x));
        fields.Add(new("y", y));
        return new ModEvent(tick, "player_died", fields);
    }

    public static ModEvent PlayerRespawned(long tick, string player) =>
        new(tick, "player_respawned", [new("player", player), new("surface", "nauvis"), new("x", 0.0), new("y", 0.0)]);

    public static ModEvent ResearchStarted(long tick, string technology) =>
        new(tick, "research_started", [new("technology", technology), new("level", 1L), new("force", "player")]);

    public static ModEvent ResearchFinished(long tick, string technology) =>
        new(tick, "research_finished", [new("technology", technology), new("level", 1L), new("force", "player"), new("by_script", false)]);

    /// <summary>A rocket from nauvis' silo; 2.0 adds where its cargo pod goes.</summary>
    public static ModEvent RocketLaunched(long tick, bool v2, string? player, string cargo, string? platform)
    {
        var fields = new List<KeyValuePair<string, object>>
        {
            new("surface", "nauvis"), new("silo", "rocket-silo"), new("silo_id", 1L), new("force", "player"),
        };
        if (player is not null)
        {
            fields.Add(new("player", player));
        }

        fields.Add(new("cargo", cargo));
        if (v2)
        {
            fields.Add(new("destination", platform is null ? "orbit" : "space_platform"));
            if (platform is not null)
            {
                fields.Add(new("platform", platform));
            }
        }

        fields.Add(new("x", 100.5));
        fields.Add(new("y", -40.5));
        return new ModEvent(tick, "rocket_launched", fields);
    }

    public static ModEvent FirstRocket(long tick, string? player)
    {
        var fields = new List<KeyValuePair<string, object>> { new("force", "player"), new("surface", "nauvis") };
        if (player is not null)
        {
            fields.Add(new("player", player));
        }

        return new ModEvent(tick, "first_rocket", fields);
    }

    public static ModEvent PlatformArrived(long tick, string platform, string location) =>
        new(tick, "platform_arrived", [new("platform", platform), new("location", location), new("force", "player")]);
}
