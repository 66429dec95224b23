using System.CommandLine;
using FactorioIsr.Configuration;
using FactorioIsr.Hosting;

namespace FactorioIsr.Cli;

/// <summary><c>isr doctor</c>: the preflight a new user runs first; a table of findings, each with its fix.</summary>
internal static class DoctorCommand
{
    public static Command Create(TextWriter stdout)
    {
        var config = CliOptions.Config();
        var patterns = CliOptions.Patterns();
        var timeout = new Option<double>("--timeout") { Description = "Seconds per network check (default 5).", DefaultValueFactory = _ => 5 };
        var command = new Command("doctor", """
            Check everything isr run needs: the configuration, each log file (exists, readable, the right kind, still
            written to), RCON per server (reachable, password accepted), the Discord bot token and its Message Content
            intent (when the chat bridge is on), each channel (visible; View Channel, Send Messages, Embed Links, Attach
            Files) and each webhook (not deleted). Prints a table of findings, each with the fix. Exit 0 when everything
            passes, 1 otherwise.

            Example:
              isr doctor --config config/servers.yml
            """)
        {
            config,
            patterns,
            timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var preflight = RelayPreflight.Run(parse.GetValue(config)!, parse.GetValue(patterns), ConfigEnvironment.FromProcess());
            var findings = await Doctor.Doctor.RunAsync(preflight, TimeSpan.FromSeconds(Math.Max(0.5, parse.GetValue(timeout))), cancellationToken).ConfigureAwait(false);
            await stdout.WriteAsync(Doctor.Doctor.Table(findings)).ConfigureAwait(false);
            var failed = findings.Count(f => !f.Passed);
            await stdout.WriteLineAsync(failed == 0 ? "isr doctor: everything passed" : $"isr doctor: {failed} problem(s) found").ConfigureAwait(false);
            return failed == 0 ? ExitCodes.Ok : ExitCodes.RuntimeFailure;
        });
        return command;
    }
}
