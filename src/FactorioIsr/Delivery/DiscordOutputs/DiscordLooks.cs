namespace FactorioIsr.Delivery.DiscordOutputs;

/// <summary>How an event shows in Discord.</summary>
internal enum DiscordLook
{
    /// <summary>One content line (the event's Text, which carries its emoji), coalesced with its neighbours.</summary>
    Line,

    /// <summary>A rich embed with a title, colour, fields and footer.</summary>
    Embed,
}

/// <summary>
/// The look of each event type, overridable per pattern and per server (pattern wins). Defaults: embeds for
/// <c>stats</c>, <c>alert</c> and <c>security</c>; one line for everything else (chat, join, leave, ...).
/// </summary>
internal sealed record DiscordLooks
{
    public static DiscordLooks Default { get; } = new();

    public IReadOnlySet<string> EmbedTypes { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "stats", "alert", "security" };

    public IReadOnlyDictionary<string, DiscordLook> ByPattern { get; init; } = new Dictionary<string, DiscordLook>(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, DiscordLook> ByServer { get; init; } = new Dictionary<string, DiscordLook>(StringComparer.Ordinal);

    /// <summary>The defaults, overridden by each server's and each pattern's <c>look</c>.</summary>
    public static DiscordLooks From(Configuration.IsrConfiguration configuration, Patterns.PatternSet patterns)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(patterns);
        static DiscordLook Map(Configuration.MessageLook look) => look == Configuration.MessageLook.Embed ? DiscordLook.Embed : DiscordLook.Line;
        return Default with
        {
            ByPattern = patterns.Patterns.Where(p => p.Definition.Look is not null)
                .ToDictionary(p => p.Name, p => Map(p.Definition.Look!.Value), StringComparer.Ordinal),
            ByServer = configuration.Servers.Where(s => s.Look is not null)
                .ToDictionary(s => s.Tag, s => Map(s.Look!.Value), StringComparer.Ordinal),
        };
    }

    public DiscordLook For(Events.FactorioEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Pattern is not null && ByPattern.TryGetValue(e.Pattern, out var byPattern))
        {
            return byPattern;
        }

        if (ByServer.TryGetValue(e.Server, out var byServer))
        {
            return byServer;
        }

        return EmbedTypes.Contains(e.Type) ? DiscordLook.Embed : DiscordLook.Line;
    }
}
