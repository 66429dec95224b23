using System.Text;
using System.Text.Json;
using FactorioIsr.Cli;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Integrations;

/// <summary>The mod's own output (control.lua run on the stub by lua5.2) through <c>isr parse --source mod</c>.</summary>
[Collection(FactorioIsr.Tests.Simulator.ExternalProcesses.Name)]
public sealed class ModRoundTripTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    internal static async Task<(int Code, string Out, string Err)> ParseAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var bytes = new MemoryStream();
        var code = await IsrCli.RunAsync(["parse", "--source", "mod", "--patterns", Path.Combine(RepositoryRoot.Path, "patterns"), .. args], IsrConsole.Capture(stdout, stderr, bytes), TestContext.Current.CancellationToken);
        return (code, Encoding.UTF8.GetString(bytes.ToArray()), stderr.ToString());
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task StubRunOutput_ParsedFromItsDirectory_GivesTheEventsAndTexts(string version)
    {
        var isr = await LuaProcess.PlayScenarioAsync(version, _dir.Path);

        var (code, output, stderr) = await ParseAsync(isr);

        Assert.Equal(ExitCodes.Ok, code);
        var events = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        (string Type, string Pattern, string Text)[] expected =
        [
            ("player_died", "player_killed", "💀 **Alice** was killed by small\\-biter"),
            ("player_died", "player_died", "💀 **Bob \"the \\*builder\\*\"** died"),
            ("research_started", "research_started", "🔬 Research started: **automation**"),
            ("research_finished", "research_finished", "✅🔬 Research completed: **automation**"),
            ("research_cancelled", "research_cancelled", "❌🔬 Research cancelled: logistics"),
            ("rocket_launched", "rocket_with_cargo", "🚀 Rocket launched from nauvis carrying satellite x1"),
            ("first_rocket", "first_rocket_by", "🎉🚀 **Alice** launched the first rocket!"),
            .. version == "2.0" ? [("platform_arrived", "platform_arrived_at", "🛰️ Space platform **Orbital One** arrived at vulcanus")] : Array.Empty<(string, string, string)>(),
        ];
        // type: the shipped event types (death, research, rocket); mod_type: the mod's own.
        Assert.Equal(expected, events.Select(e => (e.GetProperty("mod_type").GetString()!, e.GetProperty("pattern").GetString()!, e.GetProperty("text").GetString()!)));
        Assert.Equal(expected.Select(x => FactorioIsr.Patterns.ModEvents.ModLineParser.EventTypeOf(x.Item1)), events.Select(e => e.GetProperty("type").GetString()!));

        // Fields come from the line; the files follow each other in number order (4 events per file).
        var death = events[0];
        Assert.Equal("Alice", death.GetProperty("player").GetString());
        Assert.Equal("unit", death.GetProperty("cause_type").GetString());
        Assert.Equal("enemy", death.GetProperty("cause_force").GetString());
        Assert.Equal("12.5", death.GetProperty("x").GetString());
        Assert.Equal("1060", death.GetProperty("tick").GetString());
        Assert.Equal("events-1.jsonl", death.GetProperty("file").GetString());
        Assert.Equal("events-2.jsonl", events[3].GetProperty("file").GetString());
        var rocket = events[5];
        Assert.Equal("rocket-silo", rocket.GetProperty("silo").GetString());
        Assert.Equal(version == "2.0", rocket.TryGetProperty("destination", out var destination));
        if (version == "2.0")
        {
            Assert.Equal("orbit", destination.GetString());
            Assert.Equal("events-3.jsonl", events[^1].GetProperty("file").GetString());
        }

        var lines = version == "2.0" ? 9 : 8;
        Assert.Contains($"isr parse: {lines} lines, {expected.Length} matched, 0 malformed (0 invalid JSON, 0 unknown type, 0 missing fields), 0 of a newer format version", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StubRunOutput_OneFileAndStandardInput_ParseAlike()
    {
        var isr = await LuaProcess.PlayScenarioAsync("2.0", _dir.Path);

        var (code, output, _) = await ParseAsync("--all", Path.Combine(isr, "events-1.jsonl"));

        Assert.Equal(ExitCodes.Ok, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, lines.Count);
        Assert.Equal(JsonValueKind.Null, lines[1].GetProperty("type").ValueKind); // player_respawned: its entry is off by default
        Assert.False(lines[1].TryGetProperty("malformed", out _));
        Assert.False(lines[0].TryGetProperty("file", out _));
    }
}
