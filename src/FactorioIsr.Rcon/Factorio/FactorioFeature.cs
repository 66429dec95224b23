namespace FactorioIsr.Rcon.Factorio;

/// <summary>Things ISR reads or changes that need Lua, so <c>achievement_safe</c> can disable them with a reason.</summary>
public enum FactorioFeature
{
    /// <summary><c>game.tick</c>: exact UPS (without it UPS is estimated from <c>/time</c>).</summary>
    Tick,

    /// <summary>Enemy evolution per surface.</summary>
    Evolution,

    /// <summary>Research counts and progress.</summary>
    Research,

    /// <summary>Reading or setting <c>game.speed</c>.</summary>
    Speed,

    /// <summary>Reading or setting the time of day.</summary>
    Daytime,
}
