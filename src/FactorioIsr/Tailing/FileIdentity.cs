using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FactorioIsr.Tailing;

/// <summary>
/// Identity of a file on one host: device + inode (Linux). .NET has no API for them (dotnet/runtime#26394), so this
/// is the one place that calls libc. On other systems both are 0 and the content fingerprint alone decides.
/// </summary>
internal readonly partial record struct FileIdentity(ulong Device, ulong Inode)
{
    public override string ToString() => $"{Device:x}-{Inode:x}";

    /// <summary>Stats a path: its identity and size, or false when it does not exist or cannot be stat'ed.</summary>
    public static bool TryStat(string path, out FileIdentity identity, out long size)
    {
        if (!OperatingSystem.IsLinux())
        {
            identity = default;
            var info = new FileInfo(path);
            size = info.Exists ? info.Length : 0;
            return info.Exists;
        }

        var buffer = default(StatBuffer);
        if (Stat(path, ref buffer) != 0)
        {
            identity = default;
            size = 0;
            return false;
        }

        (identity, size) = Decode(ref buffer);
        return true;
    }

    /// <summary>Identity of an open handle (fstat), so the file we read is the file we identified.</summary>
    public static FileIdentity Of(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux())
        {
            return default;
        }

        var buffer = default(StatBuffer);
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (FStat((int)handle.DangerousGetHandle(), ref buffer) != 0)
            {
                throw new IOException($"fstat failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }

        return Decode(ref buffer).Identity;
    }

    // struct stat: st_dev at offset 0 and st_ino at offset 8 on every 64-bit Linux ABI (x86_64 and the generic
    // layout of arm64/riscv64); st_size is at offset 48 on both. 256 bytes covers every layout.
    private static (FileIdentity Identity, long Size) Decode(ref StatBuffer buffer)
    {
        Span<ulong> words = buffer;
        return (new FileIdentity(words[0], words[1]), (long)words[6]);
    }

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Stat(string path, ref StatBuffer buffer);

    [LibraryImport("libc", EntryPoint = "fstat", SetLastError = true)]
    private static partial int FStat(int fd, ref StatBuffer buffer);

    [InlineArray(32)]
    private struct StatBuffer
    {
        private ulong _element;
    }
}
