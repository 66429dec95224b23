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
        var strict = new Option<bool>("--strict")
        {
            Description = "Treat warnings as errors: a value isr would not use as written, an entry it would skip (exit 2).",
        };
        var command = new Command("check", """
            Validate the configuration and the pattern files without starting anything.
            Every problem is printed as file:line:col: message; exit code 0 when valid, 2 otherwise.
            Warnings (an entry loaded the way the Python reference loaded it, a value used differently
            from how it is written) do not fail the check unless --strict is given.

            Example:
              isr check --config config/servers.yml --patterns patterns
              isr check --strict
            """)
        {
            config,
            patterns,
            strict,
        };
        command.SetAction(parse => Run(parse.GetValue(config)!, parse.GetValue(patterns), ConfigEnvironment.FromProcess(), stdout, stderr, parse.GetValue(strict)));
        return command;
    }

    public static int Run(string configPath, string? patternsOption, ConfigEnvironment environment, TextWriter stdout, TextWriter stderr, bool strict = false)
    {
        // The same validation as isr run: whatever passes here, run starts with.
        var result = RelayPreflight.Run(configPath, patternsOption, environment);
        var failed = CliOptions.Report(AsChecked(result.Diagnostics, strict), stderr, result.Secrets);
        if (failed || result.Settings is not { } settings)
        {
            stderr.WriteLine("isr check: configuration is invalid (fix the lines above); nothing was started");
            return ExitCodes.BadInput;
        }

        var servers = settings.Configuration.Servers;
        stdout.WriteLine($"{configPath}: {servers.Count} server(s), {servers.Count(s => s.Enabled)} enabled; " +
            $"{settings.Patterns.Patterns.Count + settings.Patterns.ModEvents.Count} pattern(s) enabled from {settings.Configuration.Secrets.Redact(result.PatternsDirectory)}: OK ({settings.Patterns.ModEvents.Count} of them match mod events on type)");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The warnings check refuses (what run only retries, such as a log path that is a FIFO) become errors; with
    /// <c>--strict</c>, every warning does.
    /// </summary>
    private static IEnumerable<Diagnostic> AsChecked(IEnumerable<Diagnostic> diagnostics, bool strict) =>
        diagnostics.Select(d => d.Severity == DiagnosticSeverity.Warning && (strict || d.ErrorInCheck) ? d with { Severity = DiagnosticSeverity.Error } : d);
}
