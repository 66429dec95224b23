using FactorioIsr.Rcon.Factorio;
using FactorioIsr.Simulator.Logs;

namespace FactorioIsr.Simulator.Game;

/// <summary>
/// The evolving state of one simulated game. Time is lazy: every access first advances the tick by the wall time
/// elapsed times UPS times speed, unless paused (manually, or auto-paused with no player online). All members are
/// guarded by one lock; commands are short.
/// </summary>
internal sealed partial class GameState
{
    public const int TicksPerDay = 25_000;
    private const double ResearchTicks = 7_200;
    private static readonly string[] NamePool =
    [
        "Alice", "Bob", "Dr.Gadorcha", "foo-bar", "gustosmYl", "Vance307", "PlayerOne", "Charlie", "engineer_42", "Mallory",
        "Zoe.K", "biter-hunter", "Trainspotter", "Nadia_R", "Kovarex",
    ];

    private static readonly string[] Technologies =
    [
        "automation", "logistics", "electronics", "steel-processing", "military", "oil-processing", "advanced-circuit",
        "rocket-silo", "railway", "solar-energy", "flammables", "plastics", "sulfur-processing", "battery", "robotics",
    ];

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ServerLogs _logs;
    private readonly List<string> _online = [];
    private readonly HashSet<string> _known = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _admins = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _bans = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _whitelist = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _muted = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, double> _evolutionStart;
    private long _lastAdvance;
    private double _tickRemainder;
    private long _tick;
    private double _ups;
    private double _speed = 1.0;
    private bool _manualPause;
    private bool _whitelistEnabled;
    private int _researched;
    private readonly int _technologyCount;
    private string _currentResearch;
    private double _researchProgress;
    private double _daytimeOffset;
    private double? _frozenDaytime;
    private bool _achievementsPending;
    private long _lastAutosaveTick;
    private int _autosaveSlot;
    private int _rockets;

    public GameState(SimulatedServerOptions options, ServerLogs logs, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _logs = logs;
        _random = new Random(options.RandomSeed);
        Version = options.GameVersion;
        Seed = (ulong)_random.NextInt64(1, uint.MaxValue);
        _ups = options.Ups;
        AutoPause = true;
        _tick = _random.Next(10_000, 5_000_000);
        _lastAutosaveTick = _tick;
        _lastAdvance = time.GetTimestamp();
        _technologyCount = Version.IsV2 ? 232 : 196;
        _researched = _random.Next(5, 60);
        _currentResearch = Technologies[_random.Next(Technologies.Length)];
        _researchProgress = _random.NextDouble();
        _daytimeOffset = _random.NextDouble();
        _achievementsPending = options.AchievementsEnabled;
        _evolutionStart = Version.IsV2
            ? new Dictionary<string, double> { ["nauvis"] = 0.05 + (_random.NextDouble() * 0.4), ["gleba"] = 0.01 + (_random.NextDouble() * 0.2) }
            : new Dictionary<string, double> { ["nauvis"] = 0.05 + (_random.NextDouble() * 0.4) };
        _admins.Add(NamePool[_random.Next(3)]);
    }

    public FactorioVersion Version { get; }

    public ulong Seed { get; }

    public bool AutoPause { get; set; }

    /// <summary>Runs <paramref name="action"/> under the state lock after advancing time.</summary>
    public T Locked<T>(Func<T> action)
    {
        lock (_gate)
        {
            Advance();
            return action();
        }
    }

    public long Tick => Locked(() => _tick);

    public int OnlineCount => Locked(() => _online.Count);

    public bool IsRunning => Locked(() => Running);

    private bool Running => !_manualPause && (!AutoPause || _online.Count > 0);

    private void Advance()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_lastAdvance, now).TotalSeconds;
        _lastAdvance = now;
        if (!Running || elapsed <= 0)
        {
            return;
        }

        var exact = (elapsed * _ups * _speed) + _tickRemainder;
        var whole = (long)exact;
        _tickRemainder = exact - whole;
        _tick += whole;
        _researchProgress += whole / ResearchTicks;
        while (_researchProgress >= 1 && _researched < _technologyCount)
        {
            _researchProgress -= 1;
            FinishResearchLocked(_currentResearch);
            _currentResearch = Technologies[_random.Next(Technologies.Length)];
            _logs.ModEvents.Write(ModEvents.ResearchStarted(_tick, _currentResearch));
        }
    }

    private double EvolutionOf(double start) => 1 - ((1 - start) * Math.Exp(-2e-8 * _tick));

    private double Daytime => _frozenDaytime ?? ((_tick / (double)TicksPerDay) + _daytimeOffset) % 1.0;
}
