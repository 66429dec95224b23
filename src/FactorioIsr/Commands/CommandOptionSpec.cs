namespace FactorioIsr.Commands;

/// <summary>Where an option's autocomplete suggestions come from.</summary>
internal enum AutocompleteSource
{
    None,
    Servers,
    Players,
    Technologies,
    Surfaces,
}

/// <summary>One option of a subcommand (discord.md §3.5).</summary>
/// <param name="Type">3 string, 5 boolean, 10 number.</param>
internal sealed record CommandOptionSpec(string Name, string Description, int Type = CommandOptionSpec.String, bool Required = false)
{
    public const int String = 3;
    public const int Boolean = 5;
    public const int Number = 10;

    public AutocompleteSource Autocomplete { get; init; }

    /// <summary>Fixed string choices (not together with autocomplete).</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    public double? MinValue { get; init; }

    public double? MaxValue { get; init; }

    public int? MaxLength { get; init; }

    /// <summary>The optional <c>server</c> option every server command takes (autocompleted with server tags).</summary>
    public static CommandOptionSpec Server { get; } = new("server", "Server tag (default: the one chosen with /factorio connect)")
    {
        Autocomplete = AutocompleteSource.Servers,
        MaxLength = 64,
    };

    public static CommandOptionSpec Player(string description = "Player name") =>
        new("player", description, String, Required: true) { Autocomplete = AutocompleteSource.Players, MaxLength = Rcon.Factorio.PlayerName.MaxLength };
}
