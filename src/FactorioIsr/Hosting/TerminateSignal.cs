using System.Runtime.InteropServices;

namespace FactorioIsr.Hosting;

/// <summary>
/// The managed half of the launcher (src/FactorioIsr/Launcher/isr-launcher.c): <c>isr</c> blocks SIGTERM and execs
/// <c>isr-host</c>, so a SIGTERM sent while the runtime starts waits as pending instead of ending the process with 143.
/// Once Program.cs has its handler, <see cref="Unblock"/> lets that signal (and every later one) reach it.
/// </summary>
internal static partial class TerminateSignal
{
    private const int SigUnblock = 1; // SIG_UNBLOCK on Linux
    private const int SigTerm = 15;
    private const int PrSetName = 15; // PR_SET_NAME

    /// <summary>
    /// Unblocks SIGTERM on the calling thread, which must be the main thread: it lives as long as the process, so the
    /// kernel always has a thread to deliver SIGTERM to (the runtime's own threads, started before Main, inherited the
    /// launcher's mask and keep SIGTERM blocked). A SIGTERM that came while the runtime started is delivered here, to
    /// the handler just installed. Harmless when SIGTERM was not blocked (<c>dotnet isr.dll</c>, <c>isr-host</c>).
    /// </summary>
    public static unsafe void Unblock()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // sigset_t: 1024 bits in both glibc and musl; signal n is bit n-1.
        var set = stackalloc ulong[16];
        new Span<ulong>(set, 16).Clear();
        set[0] = 1UL << (SigTerm - 1);
        _ = PthreadSigmask(SigUnblock, set, null);

        // The kernel names the process after the file it exec'd (isr-host); `pgrep -x isr` and top expect "isr".
        if (Environment.ProcessPath is { } path && path.EndsWith("/isr-host", StringComparison.Ordinal))
        {
            var name = "isr\0"u8;
            fixed (byte* pointer = name)
            {
                _ = Prctl(PrSetName, (nuint)pointer, 0, 0, 0);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "pthread_sigmask")]
    private static unsafe partial int PthreadSigmask(int how, ulong* set, ulong* oldSet);

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
