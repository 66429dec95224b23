using FactorioIsr.Events;

namespace FactorioIsr.Patterns;

/// <summary>One entry of a pattern file's <c>events:</c> mapping, as written (the reference's schema plus <c>source</c>).</summary>
internal sealed record PatternDefinition
{
    public required string Name { get; init; }

    public required string File { get; init; }

    public required int Line { get; init; }

    public required int Column { get; init; }

    /// <summary>The regex as written (Python or .NET syntax); empty for an entry that <see cref="MatchesModType"/>.</summary>
    public required string Pattern { get; init; }

    /// <summary>A <c>source: mod</c> entry without <c>pattern:</c>: it matches the mod's JSON lines whose <c>type</c> is <see cref="Type"/>.</summary>
    public bool MatchesModType { get; init; }

    public required string Type { get; init; }

    public string Emoji { get; init; } = string.Empty;

    /// <summary>The message template; <c>{name}</c> placeholders.</summary>
    public string Template { get; init; } = PatternDefaults.Template;

    /// <summary>Where the <c>message:</c> value is written (0 when the default template is used).</summary>
    public int TemplateLine { get; init; }

    public int TemplateColumn { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary>Lower is tried first.</summary>
    public int Priority { get; init; } = PatternDefaults.Priority;

    /// <summary>The route name, resolved per server through its <c>channels</c>.</summary>
    public string? Channel { get; init; }

    public string? Description { get; init; }

    /// <summary>Overrides how this pattern's events show in Discord (ours: <c>look: line|embed</c>).</summary>
    public Configuration.MessageLook? Look { get; init; }

    /// <summary>The log kinds this pattern applies to.</summary>
    public IReadOnlySet<LogSourceKind> Sources { get; init; } = PatternDefaults.Sources;

    /// <summary>Index of the file in load order, then of the entry in its file: the tie-breakers of equal priorities.</summary>
    public required int FileIndex { get; init; }

    public required int EntryIndex { get; init; }
}

/// <summary>The documented defaults and limits of pattern files.</summary>
internal static class PatternDefaults
{
    public const string Template = "{player}: {message}";
    public const int Priority = 10;
    public const long MaxFileBytes = 1024 * 1024;
    public const int MaxEntriesPerFile = 500;
    public const int MaxPatternLength = 2000;
    public const int MaxTemplateLength = 2000;

    public static IReadOnlySet<LogSourceKind> Sources { get; } = new HashSet<LogSourceKind> { LogSourceKind.Console };

    /// <summary>Event types with a meaning (ours and the reference's); others load with a warning.</summary>
    public static IReadOnlySet<string> KnownTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "join", "leave", "chat", "command", "kick", "ban", "unban", "promote", "demote", "death", "research", "rocket",
        "achievement", "server", "warning", "error", "stats", "alert", "rcon", "security", "crash",
        "milestone", "task", "mention", "unknown", "mute", "unmute", "save",
        "player_died", "player_respawned", "research_started", "research_finished", "research_cancelled",
        "rocket_launched", "first_rocket", "platform_arrived",
    };
}
