using System.Runtime.InteropServices;
using FactorioIsr.Cli;

// SIGTERM is a request to stop, from the first moment: the verb in progress sees its token cancelled and stops cleanly
// (isr run exits 0 with nothing lost, even while it is still starting), instead of the runtime's default exit 143.
using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
return await IsrCli.RunAsync(args, IsrConsole.System, stop.Token).ConfigureAwait(false);
