using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Tailing;

/// <summary>
/// How many log files the tailers may hold open at once: the open-file limit (RLIMIT_NOFILE) minus a reserve for the
/// rest of the process (the runtime, the state database, sockets for HTTP, Discord and RCON). Without it, more log
/// files than the limit took every descriptor and the runtime died for want of one. A file that finds no descriptor
/// waits (one warning, <c>isr_tail_unopened_files</c>) and is retried; the others are read.
/// </summary>
internal sealed partial class DescriptorBudget
{
    private readonly Lock _gate = new();
    private int _open;

    /// <param name="limit">The open-file limit; null reads the process's soft limit.</param>
    /// <param name="reserve">Descriptors kept for the rest of the process; null: an eighth of the limit, at least 256 and at most 1,024 (the runtime alone holds about 150: two per loaded assembly).</param>
    public DescriptorBudget(long? limit = null, int? reserve = null)
    {
        Limit = limit ?? ReadLimit();
        Reserve = reserve ?? (int)Math.Clamp(Limit / 8, 256, 1024);
        Capacity = (int)Math.Clamp(Limit - Reserve, 1, int.MaxValue);
    }

    /// <summary>The budget of this process's tailers.</summary>
    public static DescriptorBudget Shared { get; } = new();

    /// <summary>The open-file limit (soft RLIMIT_NOFILE; the runtime raises it to the hard limit at start).</summary>
    public long Limit { get; }

    public int Reserve { get; }

    /// <summary>Log files that may be open at once.</summary>
    public int Capacity { get; }

    public int Open => Volatile.Read(ref _open);

    public bool TryAcquire()
    {
        lock (_gate)
        {
            if (_open >= Capacity)
            {
                return false;
            }

            _open++;
            return true;
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _open--;
        }
    }

    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"the open-file limit is {Limit} and {Reserve} of them are kept for the rest of isr, so at most {Capacity} log files can be open at once; raise the limit (ulimit -n, systemd LimitNOFILE=, docker --ulimit nofile=)");

    /// <summary>
    /// Null when <paramref name="logFiles"/> log files (and <paramref name="connections"/> sockets, such as one RCON
    /// connection per server) fit in the limit; otherwise a sentence saying how many will wait and what to raise.
    /// Rotations briefly hold a second descriptor per file, so a quarter more is asked for.
    /// </summary>
    public string? Shortfall(int logFiles, int connections = 0)
    {
        var needed = logFiles + (logFiles / 4) + connections + Reserve;
        if (needed <= Limit && logFiles <= Capacity)
        {
            return null;
        }

        var waiting = Math.Max(0, logFiles - Math.Max(0, Capacity - connections));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{logFiles} log files and {connections} connections need about {needed} file descriptors (with rotations and {Reserve} for the rest of isr) but the open-file limit is {Limit}: {(waiting > 0 ? $"{waiting} log files will wait for a descriptor" : "rotations may have to wait")}; raise the limit (ulimit -n, systemd LimitNOFILE=, docker --ulimit nofile=) to at least {needed}");
    }

    /// <summary>Logs <see cref="Shortfall"/> once at start when there is one. Call it with the configured log files before the tailers start.</summary>
    public static void WarnIfShort(ILogger logger, int logFiles, int connections = 0)
    {
        if (Shared.Shortfall(logFiles, connections) is { } message)
        {
            TooFewDescriptors(logger, message);
        }
    }

    [LoggerMessage(3060, LogLevel.Warning, "{Message}")]
    private static partial void TooFewDescriptors(ILogger logger, string message);

    private static long ReadLimit()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 1L << 20;
        }

        var limits = default(RLimit);
        if (GetRLimit(7 /* RLIMIT_NOFILE */, ref limits) != 0)
        {
            return 1024;
        }

        return limits.Current > int.MaxValue ? int.MaxValue : (long)limits.Current;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRLimit(int resource, ref RLimit limits);

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }
}
