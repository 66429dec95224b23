using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FactorioIsr.Tailing;

/// <summary>Why a log file could not be opened.</summary>
internal enum OpenFailure
{
    None,

    /// <summary>The path does not exist (any more).</summary>
    Missing,

    /// <summary>The path is not a regular file (a directory, FIFO, device, socket, /proc or /sys file): never opened for reading.</summary>
    NotRegular,

    /// <summary>Permissions or another error of the open itself.</summary>
    Denied,

    /// <summary>No file descriptor for it: the open-file limit is reached (see <see cref="DescriptorBudget"/>).</summary>
    NoDescriptor,
}

/// <summary>
/// The one way tailers open files. The open never blocks (O_NONBLOCK: a FIFO at the path does not wait for a writer),
/// what was opened is checked to be a regular file of a real file system before anything reads it, and every open file
/// counts against the <see cref="DescriptorBudget"/>, so thousands of logs cannot take the descriptors the rest of the
/// process needs. Handles opened here are closed with <see cref="Close"/>.
/// </summary>
internal static partial class TailFiles
{
    private const int ORdOnly = 0;
    private const int ONoCtty = 0x100;
    private const int ONonBlock = 0x800;
    private const int OCloExec = 0x80000;
    private const int EMFile = 24;
    private const int ENFile = 23;
    private const int ENoEnt = 2;
    private const int ENotDir = 20;

    private static readonly ConcurrentDictionary<SafeFileHandle, DescriptorBudget> Budgeted = new();

    /// <summary>Opens <paramref name="path"/> for reading; null with the reason when it cannot be.</summary>
    public static SafeFileHandle? Open(string path, out OpenFailure failure, out string reason, DescriptorBudget? budget = null)
    {
        budget ??= DescriptorBudget.Shared;
        if (!budget.TryAcquire())
        {
            failure = OpenFailure.NoDescriptor;
            reason = budget.Describe();
            return null;
        }

        SafeFileHandle? handle = null;
        try
        {
            handle = OperatingSystem.IsLinux() ? OpenLinux(path, budget, out failure, out reason) : OpenOther(path, out failure, out reason);
            if (handle is not null)
            {
                Budgeted[handle] = budget;
            }

            return handle;
        }
        finally
        {
            if (handle is null)
            {
                budget.Release();
            }
        }
    }

    /// <summary>Closes a handle from <see cref="Open"/> (or any other; only those from Open give their descriptor back).</summary>
    public static void Close(SafeFileHandle handle)
    {
        if (Budgeted.TryRemove(handle, out var budget))
        {
            budget.Release();
        }

        handle.Dispose();
    }

    private static SafeFileHandle? OpenLinux(string path, DescriptorBudget budget, out OpenFailure failure, out string reason)
    {
        var fd = OpenFile(path, ORdOnly | ONonBlock | OCloExec | ONoCtty);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            (failure, reason) = errno switch
            {
                ENoEnt or ENotDir => (OpenFailure.Missing, "no such file"),
                EMFile or ENFile => (OpenFailure.NoDescriptor, $"{Marshal.GetPInvokeErrorMessage(errno)}; {budget.Describe()}"),
                _ => (OpenFailure.Denied, Marshal.GetPInvokeErrorMessage(errno)),
            };
            return null;
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            FileIdentity.Of(fd, out var kind);
            if (kind == FileKind.Regular && IsPseudo(fd))
            {
                kind = FileKind.Pseudo;
            }

            if (kind != FileKind.Regular)
            {
                failure = OpenFailure.NotRegular;
                reason = $"it is {kind.Describe()}; a log path must be a regular file or a symlink to one";
                handle.Dispose();
                return null;
            }
        }
        catch (IOException e)
        {
            failure = OpenFailure.Denied;
            reason = e.Message;
            handle.Dispose();
            return null;
        }

        failure = OpenFailure.None;
        reason = string.Empty;
        return handle;
    }

    private static SafeFileHandle? OpenOther(string path, out OpenFailure failure, out string reason)
    {
        if (Directory.Exists(path))
        {
            failure = OpenFailure.NotRegular;
            reason = $"it is {FileKind.Directory.Describe()}; a log path must be a regular file or a symlink to one";
            return null;
        }

        try
        {
            failure = OpenFailure.None;
            reason = string.Empty;
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            failure = OpenFailure.Missing;
            reason = e.Message;
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failure = OpenFailure.Denied;
            reason = e.Message;
            return null;
        }
    }

    /// <summary>A file of a kernel pseudo file system: /proc, /sys, debugfs, tracefs, securityfs.</summary>
    internal static bool IsPseudo(string path)
    {
        var buffer = default(StatFsBuffer);
        return OperatingSystem.IsLinux() && StatFs(path, ref buffer) == 0 && IsPseudoType(ref buffer);
    }

    private static bool IsPseudo(int fd)
    {
        var buffer = default(StatFsBuffer);
        return FStatFs(fd, ref buffer) == 0 && IsPseudoType(ref buffer);
    }

    // struct statfs starts with f_type (a long) on every 64-bit Linux ABI.
    private static bool IsPseudoType(ref StatFsBuffer buffer)
    {
        Span<ulong> words = buffer;
        return (uint)words[0] is 0x9fa0 /* proc */ or 0x62656572 /* sysfs */ or 0x64626720 /* debugfs */ or 0x74726163 /* tracefs */ or 0x73636673 /* securityfs */;
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenFile(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fstatfs", SetLastError = true)]
    private static partial int FStatFs(int fd, ref StatFsBuffer buffer);

    [LibraryImport("libc", EntryPoint = "statfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int StatFs(string path, ref StatFsBuffer buffer);

    [InlineArray(16)]
    private struct StatFsBuffer
    {
        private ulong _element;
    }
}
