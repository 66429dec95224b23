using System.Threading.Channels;
using FactorioIsr.Events;
using FactorioIsr.Patterns;
using FactorioIsr.Patterns.ModEvents;
using FactorioIsr.Tailing;
using FactorioIsr.Tests.Simulator;
using FactorioIsr.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.Integrations;

/// <summary>The simulator's mod files and the real mod's files (run on the stub) go through the same reader and parser.</summary>
[Collection(ExternalProcesses.Name)]
public sealed class SameReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>What isr's relay does with a mod source: the numbered-file follower, then the mod line parser.</summary>
    private static async Task<(List<FactorioEvent> Events, int Lines, int Malformed)> ReadAsync(string modDirectory, PatternSet patterns)
    {
        var channel = Channel.CreateUnbounded<TailedLine[]>();
        using var follower = new NumberedFileFollower(new TailSource("srv", "mod", modDirectory, TailStartAt.Beginning), new TailOptions(), [], channel.Writer, TimeProvider.System, NullLogger.Instance);
        while (await follower.PollAsync(TestContext.Current.CancellationToken))
        {
        }

        var events = new List<FactorioEvent>();
        int lines = 0, malformed = 0;
        while (channel.Reader.TryRead(out var chunk))
        {
            foreach (var line in chunk)
            {
                lines++;
                malformed += ModLine.Parse(line.Utf8, out _) is null ? 1 : 0;
                events.AddRange(ModLineParser.Parse(patterns, TimeProvider.System, line));
            }
        }

        Assert.True(follower.Files.Count >= 2, "both writers rolled over to a second file");
        return (events, lines, malformed);
    }

    [Fact]
    public async Task SimulatorFilesAndModFiles_AreReadByTheSameCode_IntoTheSameEvents()
    {
        var (patterns, _) = PatternSet.Load(Path.Combine(RepositoryRoot.Path, "patterns"));
        var modDirectory = await LuaProcess.PlayScenarioAsync("2.0", _dir.Combine("mod"));
        var simDirectory = _dir.Combine("sim");
        await using (var host = await SimulatorModEventTests.StartAsync(simDirectory, "2.0.77", eventsPerFile: 4))
        {
            await SimulatorModEventTests.SimAsync(host, "/sim pause", "/sim die Alice small-biter", "/sim research automation", "/sim rocket", "/sim rocket");
        }

        var mod = await ReadAsync(modDirectory, patterns!);
        var sim = await ReadAsync(Path.Combine(simDirectory, "sim1", "script-output", "isr", "events-*.jsonl"), patterns!);

        Assert.Equal(0, mod.Malformed);
        Assert.Equal(0, sim.Malformed);
        Assert.All(mod.Events.Concat(sim.Events), e => Assert.Equal(LogSourceKind.Mod, e.Source));
        string[] common = ["player_killed", "research_finished", "research_started", "rocket_with_cargo", "first_rocket_by", "platform_arrived_at"];
        Assert.Subset(mod.Events.Select(e => e.Pattern!).ToHashSet(), common.ToHashSet());
        Assert.Subset(sim.Events.Select(e => e.Pattern!).ToHashSet(), common.ToHashSet());
        var modDeath = mod.Events.First(e => e.Pattern == "player_killed");
        var simDeath = sim.Events.First(e => e.Pattern == "player_killed");
        Assert.Equal(modDeath.Text, simDeath.Text);
        Assert.Equal(modDeath.Fields.Keys.Where(k => k != "x" && k != "y"), simDeath.Fields.Keys.Where(k => k != "x" && k != "y"));
        Assert.Equal(
            mod.Events.First(e => e.Pattern == "research_finished").Text,
            sim.Events.First(e => e.Pattern == "research_finished").Text);
    }
}
