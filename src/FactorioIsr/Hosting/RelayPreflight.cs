using FactorioIsr.Configuration;
using FactorioIsr.Delivery.DiscordOutputs.Mentions;
using FactorioIsr.Patterns;

namespace FactorioIsr.Hosting;

/// <summary>What <see cref="RelayPreflight"/> found: the settings to start with, or the reason not to.</summary>
/// <param name="Settings">Null when an error was found.</param>
/// <param name="Diagnostics">Every problem, errors and warnings, as <c>file:line:col: message</c>.</param>
/// <param name="Secrets">Prints a value from <c>${NAME}</c> as <c>${NAME}</c> (when the configuration loaded).</param>
/// <param name="PatternsDirectory">The patterns directory used (for messages).</param>
internal sealed record RelayPreflightResult(RelaySettings? Settings, IReadOnlyList<Diagnostic> Diagnostics, SecretRedactor? Secrets, string PatternsDirectory)
{
    public bool Succeeded => Settings is not null;
}

/// <summary>
/// The one validation of <c>isr check</c> and <c>isr run</c>: servers.yml (secrets, environment), the pattern files,
/// mentions.yml, secmon.yml (beside servers.yml) and the state location. Whatever it accepts, the relay starts with; everything it reports is located.
/// </summary>
internal static class RelayPreflight
{
    public static RelayPreflightResult Run(string configPath, string? patternsOption, ConfigEnvironment environment, string? stateOption = null, string? jsonlOption = null, bool console = false)
    {
        var loaded = ConfigLoader.Load(configPath, environment);
        var directory = PatternsDirectory.Resolve(patternsOption, loaded.Configuration?.Settings.PatternsPath);
        var (set, patternDiagnostics) = PatternSet.Load(directory);
        var diagnostics = new List<Diagnostic>(loaded.Diagnostics);
        diagnostics.AddRange(patternDiagnostics);
        var configuration = loaded.Configuration;
        MentionsConfig? mentions = null;
        string? statePath = null;
        Security.SecmonConfig? security = null;
        if (configuration is not null)
        {
            mentions = LoadMentions(configuration.Settings.Discord.MentionsPath, diagnostics);
            security = Security.SecmonLoader.Load(Security.SecmonLoader.PathBeside(configPath), environment, diagnostics);
            configuration = security is null ? configuration : Security.SecurityRouteFolding.Fold(configuration, security, diagnostics);
            statePath = stateOption ?? configuration.Settings.StatePath;
            if (stateOption is not null && StateLocation.IsPostgreSql(stateOption))
            {
                diagnostics.Add(new Diagnostic("--state", 1, 1, DiagnosticSeverity.Error, StateLocation.PostgreSqlRefused));
            }
        }

        if (configuration is null || set is null || mentions is null || security is null || diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return new RelayPreflightResult(null, diagnostics, configuration?.Secrets, directory);
        }

        var settings = new RelaySettings(
            configuration,
            set,
            statePath!,
            jsonlOption ?? configuration.Settings.Outputs.JsonlPath,
            console || configuration.Settings.Outputs.Console)
        {
            Mentions = mentions,
            Security = security,
            PatternsDirectory = directory,
        };
        return new RelayPreflightResult(settings, diagnostics, configuration.Secrets, directory);
    }

    /// <summary>
    /// mentions.yml is optional (as in the reference). A file that is not YAML is an error; a bad entry is a warning and
    /// that entry is ignored (nothing pings because of it), as the relay always did.
    /// </summary>
    private static MentionsConfig? LoadMentions(string path, List<Diagnostic> diagnostics)
    {
        if (!File.Exists(path))
        {
            return MentionsConfig.Empty;
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(new Diagnostic(path, 1, 1, DiagnosticSeverity.Error, $"cannot read mentions.yml: {e.Message}"));
            return null;
        }

        var config = MentionsConfig.Parse(text, out var problems);
        foreach (var problem in problems)
        {
            diagnostics.Add(problem.Fatal
                ? new Diagnostic(path, problem.Line, problem.Column, DiagnosticSeverity.Error, problem.Message)
                : new Diagnostic(path, problem.Line, problem.Column, DiagnosticSeverity.Warning, problem.Message + " (that entry is ignored; nothing pings because of it)"));
        }

        return problems.Any(p => p.Fatal) ? null : config;
    }
}
