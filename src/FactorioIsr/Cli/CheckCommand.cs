using System.CommandLine;
using FactorioIsr.Configuration;
using FactorioIsr.Hosting;

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
        // The same validation as isr run: whatever passes here, run starts with.
        var result = RelayPreflight.Run(configPath, patternsOption, environment);
        var failed = CliOptions.Report(result.Diagnostics, stderr, result.Secrets);
        if (failed || result.Settings is not { } settings)
        {
            stderr.WriteLine("isr check: configuration is invalid (fix the lines above); nothing was started");
            return ExitCodes.BadInput;
        }

        var servers = settings.Configuration.Servers;
        stdout.WriteLine($"{configPath}: {servers.Count} server(s), {servers.Count(s => s.Enabled)} enabled; " +
            $"{settings.Patterns.Patterns.Count} pattern(s) enabled from {settings.Configuration.Secrets.Redact(result.PatternsDirectory)}: OK");
        return ExitCodes.Ok;
    }
}
