using System.CommandLine;
using FactorioIsr.Configuration;
using FactorioIsr.Patterns;

namespace FactorioIsr.Cli;

/// <summary><c>isr check</c>: validates servers.yml, secrets and patterns; prints every problem; exit 0 or 2.</summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = CliOptions.Config();
        var patterns = CliOptions.Patterns();
        var command = new Command("check", """
            Validate the configuration and the pattern files without starting anything.
            Every problem is printed as file:line:col: message; exit code 0 when valid, 2 otherwise.

            Example:
              isr check --config config/servers.yml --patterns patterns
            """)
        {
            config,
            patterns,
        };
        command.SetAction(parse => Run(parse.GetValue(config)!, parse.GetValue(patterns), ConfigEnvironment.FromProcess(), stdout, stderr));
        return command;
    }

    public static int Run(string configPath, string? patternsOption, ConfigEnvironment environment, TextWriter stdout, TextWriter stderr)
    {
        var loaded = ConfigLoader.Load(configPath, environment);
        var directory = PatternsDirectory.Resolve(patternsOption, loaded.Configuration?.Settings.PatternsPath);
        var (set, patternDiagnostics) = PatternSet.Load(directory);

        var failed = CliOptions.Report(loaded.Diagnostics, stderr);
        failed |= CliOptions.Report(patternDiagnostics, stderr, loaded.Configuration?.Secrets);
        if (failed || loaded.Configuration is null || set is null)
        {
            stderr.WriteLine("isr check: configuration is invalid (fix the lines above); nothing was started");
            return ExitCodes.BadInput;
        }

        var servers = loaded.Configuration.Servers;
        stdout.WriteLine($"{configPath}: {servers.Count} server(s), {servers.Count(s => s.Enabled)} enabled; " +
            $"{set.Patterns.Count + set.ModEvents.Count} pattern(s) enabled from {loaded.Configuration.Secrets.Redact(directory)}: OK ({set.ModEvents.Count} of them match mod events on type)");
        return ExitCodes.Ok;
    }
}
