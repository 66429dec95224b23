using System.CommandLine;

namespace FactorioIsr.Cli;

/// <summary>Builds the <c>isr</c> command tree. Each verb lives in its own file as a thin shell over the service.</summary>
internal static class IsrCli
{
    public static RootCommand Build(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Factorio ISR: relays Factorio server logs, RCON telemetry and admin commands to Discord.")
        {
            VersionCommand.Create(stdout),
            SimulateCommand.Create(stdout, stderr),
        };
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var root = Build(stdout, stderr);
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync($"isr: {error.Message} (see 'isr --help')").ConfigureAwait(false);
            }

            return ExitCodes.BadInput;
        }

        return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
    }
}
