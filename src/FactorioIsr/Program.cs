using System.Runtime.InteropServices;
using FactorioIsr.Cli;
using FactorioIsr.Hosting;

// SIGTERM is a request to stop, from the first moment: the verb in progress sees its token cancelled and stops cleanly
// (isr run exits 0 with nothing lost, even while it is still starting), instead of the runtime's default exit 143.
// The launcher `isr` blocked SIGTERM before the runtime started; it is unblocked once this handler is in place, so a
// SIGTERM that came during the runtime's start-up reaches it too (docs/operations.md, "Stopping").
using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    try
    {
        stop.Cancel();
    }
    catch (ObjectDisposedException)
    {
        // A SIGTERM whose handler ran while Main was returning: the verb is done, nothing is left to stop. (Without
        // this the process died with exit 134 after a clean stop; seen in GracefulStopProcessTests under load.)
    }
});
TerminateSignal.Unblock();
return await IsrCli.RunAsync(args, IsrConsole.System, stop.Token).ConfigureAwait(false);
