using FactorioIsr.Cli;
using FactorioIsr.Configuration;
using FactorioIsr.Patterns;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Patterns;

/// <summary>Every pattern and config file the reference ships, or documents as an example, loads with no error.</summary>
public sealed class ReferencePackTests
{
    /// <summary>The variables the documented configs name (isr refuses an unresolved ${NAME}, the reference posted it literally).</summary>
    private static readonly ConfigEnvironment Environment = new(
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["RCON_PASSWORD"] = "pw",
            ["RCON_PASSWORD_PROD"] = "pw",
            ["RCON_PASSWORD_TEST"] = "pw",
            ["RCON_PASSWORD_SA"] = "pw",
        },
        ReferencePack.File("no-secrets"));

    public static TheoryData<string> PatternDirectories => ["patterns", "doc-patterns"];

    public static TheoryData<string> ConfigFiles =>
    [
        "config/servers.yml",
        "config/servers.yml.example",
        "doc-config/configuration-quickstart.yml",
        "doc-config/configuration-single.yml",
        "doc-config/configuration-multi.yml",
    ];

    [Theory]
    [MemberData(nameof(PatternDirectories))]
    public void PatternFiles_LoadWithoutErrors(string directory)
    {
        var (set, diagnostics) = PatternSet.Load(ReferencePack.File(directory));
        Assert.True(set is not null, string.Join("\n", diagnostics));
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void ShippedPatterns_AllTheirEnabledEntriesAreActive()
    {
        // 39 entries in the four older files (33 enabled) plus research.yml's, whose names repeat: the first loaded wins.
        var (set, diagnostics) = PatternSet.Load(ReferencePack.File("patterns"));
        Assert.Equal(33, set!.Patterns.Count);
        Assert.All(diagnostics, d => Assert.Contains("already defined", d.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void DocumentedPatterns_LoadTheEntriesTheReferenceLoaded()
    {
        // The reference accepted only {player} and {message} in templates; the documented mod packs mostly use others.
        var (set, _) = PatternSet.Load(ReferencePack.File("doc-patterns"));
        Assert.Equal(
            ["boss_spawn", "death_important", "factory_built", "intergalactic_transceiver", "rocket_launch", "space_death"],
            set!.Patterns.Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ConfigFiles))]
    public void ConfigFiles_LoadWithoutErrors(string file)
    {
        var result = ConfigLoader.Load(ReferencePack.File(file), Environment);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
    }

    [Theory]
    [MemberData(nameof(ConfigFiles))]
    public void Check_EveryConfigWithEveryPatternDirectory_ExitsZero(string file)
    {
        foreach (var directory in new[] { "patterns", "doc-patterns" })
        {
            var stderr = new StringWriter();
            Assert.True(ExitCodes.Ok == CheckCommand.Run(ReferencePack.File(file), ReferencePack.File(directory), Environment, TextWriter.Null, stderr), stderr.ToString());
        }
    }
}
