using System.CommandLine;

namespace FactorioIsr.Cli;

/// <summary>Builds the <c>isr</c> command tree. Each verb lives in its own file as a thin shell over the service.</summary>
internal static class IsrCli
{
    public static RootCommand Build(IsrConsole console)
    {
        var root = new RootCommand("Factorio ISR: relays Factorio server logs, RCON telemetry and admin commands to Discord.")
        {
            VersionCommand.Create(console.Out),
            CheckCommand.Create(console.Out, console.Error),
            ParseCommand.Create(console.OpenOutput, console.OpenInput, console.Error),
            RunCommand.Create(console),
            SimulateCommand.Create(console.Out, console.Error),
            DemoCommand.Create(console),
            RconCommand.Create(console.Out, console.Error),
            HealthCommand.Create(console.Out, console.Error),
            DoctorCommand.Create(console.Out),
        };
        return root;
    }

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(args, IsrConsole.Capture(stdout, stderr), cancellationToken);

    public static async Task<int> RunAsync(string[] args, IsrConsole console, CancellationToken cancellationToken)
    {
        var root = Build(console);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await console.Error.WriteLineAsync($"isr: {error.Message} (see 'isr --help')").ConfigureAwait(false);
            }

            return ExitCodes.BadInput;
        }

        var config = new InvocationConfiguration { Output = console.Out, Error = console.Error, ProcessTerminationTimeout = TimeSpan.FromSeconds(15) };
        return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
    }
}
