using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Simulator;

/// <summary>Settings of one simulated server (derived from <see cref="SimulatorOptions"/>).</summary>
internal sealed record SimulatedServerOptions
{
    public required string Tag { get; init; }

    public required string Directory { get; init; }

    public required int Port { get; init; }

    public required string Password { get; init; }

    public double Ups { get; init; } = 60;

    public FactorioVersion GameVersion { get; init; } = new(2, 0, 77);

    public int RandomSeed { get; init; } = 1;

    public bool AchievementsEnabled { get; init; }

    public bool RandomActivity { get; init; } = true;

    public int InitialPlayers { get; init; }

    public TimeSpan AutosaveInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The mod's rollover: a new events file before one passes this size.</summary>
    public long ModMaxFileBytes { get; init; } = 1024 * 1024;

    /// <summary>The mod's rollover: a new events file after this many events.</summary>
    public int ModMaxFileEvents { get; init; } = 10_000;

    /// <summary>The mod's cleanup: the file this many numbers back is deleted (0 keeps all).</summary>
    public int ModKeepFiles { get; init; } = 10;
}
