namespace FactorioIsr.Simulator;

/// <summary>Settings of a <see cref="SimulatorHost"/>: N servers named sim1..simN, RCON on ports P..P+N-1.</summary>
public sealed record SimulatorOptions
{
    /// <summary>Number of servers. <value>The default value is 2.</value></summary>
    public int Servers { get; init; } = 2;

    /// <summary>Where logs (<c>DIR/simN/</c>) and <c>servers.yml</c> go.</summary>
    public required string Directory { get; init; }

    /// <summary>First RCON port; 0 picks a free port per server (tests). <value>The default value is 27015.</value></summary>
    public int RconPort { get; init; } = 27015;

    /// <summary>RCON password of every server, written as given into servers.yml. <value>The default value is <c>isr-sim</c>.</value></summary>
    public string RconPassword { get; init; } = "isr-sim";

    /// <summary>Updates per second at game speed 1.0 (below 60 simulates lag). <value>The default value is 60.</value></summary>
    public double Ups { get; init; } = 60;

    /// <summary>The Factorio version the servers claim (1.x selects the 1.1 Lua API). <value>The default value is 2.0.77.</value></summary>
    public string GameVersion { get; init; } = "2.0.77";

    /// <summary>Random joins, leaves, chat and deaths. <value>The default value is true.</value></summary>
    public bool RandomActivity { get; init; } = true;

    /// <summary>Players who join right after start; null picks 1-3 per server when <see cref="RandomActivity"/> is on, else 0.</summary>
    public int? InitialPlayers { get; init; }

    /// <summary>Saves that still have achievements: the first Lua command is refused with a warning. <value>The default value is false.</value></summary>
    public bool AchievementsEnabled { get; init; }

    /// <summary>Seed of the simulation's randomness. <value>The default value is 1.</value></summary>
    public int Seed { get; init; } = 1;

    /// <summary>Game time between autosaves. <value>The default value is 5 minutes.</value></summary>
    public TimeSpan AutosaveInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The companion mod's rollover: a new <c>events-&lt;n&gt;.jsonl</c> before a file passes this size. <value>The default value is 1 MiB.</value></summary>
    public long ModMaxFileBytes { get; init; } = 1024 * 1024;

    /// <summary>The companion mod's rollover: a new events file after this many events. <value>The default value is 10,000.</value></summary>
    public int ModMaxFileEvents { get; init; } = 10_000;

    /// <summary>The companion mod's cleanup: the file this many numbers back is deleted, 0 keeps all. <value>The default value is 10.</value></summary>
    public int ModKeepFiles { get; init; } = 10;

    /// <summary>Clock for ticks and log timestamps. <value>The default value is <see cref="TimeProvider.System"/>.</value></summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
