namespace FactorioIsr.Events;

/// <summary>The kind of log a line came from; patterns declare which kinds they apply to.</summary>
internal enum LogSourceKind
{
    /// <summary><c>--console-log</c> file: dated <c>[JOIN]</c>/<c>[CHAT]</c>/... lines.</summary>
    Console,

    /// <summary><c>factorio-current.log</c>: elapsed-seconds main log (startup, saves, quit).</summary>
    Current,

    /// <summary>The companion mod's structured event file.</summary>
    Mod,

    /// <summary>Events made by ISR's own monitors (stats, alerts, RCON state); never tailed.</summary>
    Monitor,
}

/// <summary>The names of the tailed log kinds, as written in servers.yml (<c>sources[].kind</c>), pattern files (<c>source</c>) and <c>isr parse --source</c>.</summary>
internal static class LogSourceKinds
{
    public static IReadOnlyDictionary<string, LogSourceKind> ByName { get; } = new Dictionary<string, LogSourceKind>(StringComparer.Ordinal)
    {
        ["console"] = LogSourceKind.Console,
        ["current"] = LogSourceKind.Current,
        ["mod"] = LogSourceKind.Mod,
    };
}
