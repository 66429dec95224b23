using System.CommandLine;
using FactorioIsr.Configuration;

namespace FactorioIsr.Cli;

/// <summary>Options shared by several verbs, so they are spelt and described once.</summary>
internal static class CliOptions
{
    public static Option<string> Config() => new("--config", "-c")
    {
        Description = $"Path of servers.yml (default {ConfigDefaults.ConfigPath}).",
        DefaultValueFactory = _ => ConfigDefaults.ConfigPath,
    };

    public static Option<string?> Patterns() => new("--patterns", "-p")
    {
        Description = "Directory of pattern files (*.yml, *.yaml). Default: the 'patterns' setting, ./patterns, or the packs shipped with isr.",
    };

    /// <summary>
    /// Prints diagnostics to stderr, one line each, with any setting that came from a <c>${NAME}</c> shown as
    /// <c>${NAME}</c> (a pattern file's path under a secret directory, say); returns whether any was an error.
    /// </summary>
    public static bool Report(IEnumerable<Diagnostic> diagnostics, TextWriter stderr, SecretRedactor? secrets = null)
    {
        var failed = false;
        foreach (var diagnostic in diagnostics)
        {
            stderr.WriteLine(secrets?.Redact(diagnostic.ToString()) ?? diagnostic.ToString());
            failed |= diagnostic.Severity == DiagnosticSeverity.Error;
        }

        return failed;
    }
}
