using System.Runtime.InteropServices;

namespace FactorioIsr.Hosting;

/// <summary>
/// SIGHUP for <c>isr run</c>: registered before the host is built, so a hangup that comes while the relay starts is a
/// reload once it has started (<see cref="ConfigReloader"/> takes it), never the default action (the process ending).
/// </summary>
internal static class HangupSignal
{
    private static int s_pending;

    /// <summary>Raised on each SIGHUP (from the signal thread).</summary>
    public static event Action? Raised;

    /// <summary>Handles SIGHUP until the registration is disposed.</summary>
    public static IDisposable Register() => PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
    {
        context.Cancel = true;
        Interlocked.Increment(ref s_pending);
        Raised?.Invoke();
    });

    /// <summary>Whether a SIGHUP came since the last call (and forgets it).</summary>
    public static bool Take() => Interlocked.Exchange(ref s_pending, 0) > 0;
}
