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

    /// <summary>Stats a path (following symlinks): its identity and size, or false when it does not exist or cannot be stat'ed.</summary>
    public static bool TryStat(string path, out FileIdentity identity, out long size) => TryStat(path, out identity, out size, out _);

    /// <summary>Stats a path (following symlinks): its identity, size and kind, or false when it does not exist or cannot be stat'ed.</summary>
    public static bool TryStat(string path, out FileIdentity identity, out long size, out FileKind kind)
    {
        if (!OperatingSystem.IsLinux())
        {
            identity = default;
            var info = new FileInfo(path);
            if (Directory.Exists(path))
            {
                size = 0;
                kind = FileKind.Directory;
                return true;
            }

            size = info.Exists ? info.Length : 0;
            kind = FileKind.Regular;
            return info.Exists;
        }

        var buffer = default(StatBuffer);
        if (Stat(path, ref buffer) != 0)
        {
            identity = default;
            size = 0;
            kind = FileKind.Other;
            return false;
        }

        (identity, size) = Decode(ref buffer);
        kind = KindOf(ref buffer);
        return true;
    }

    /// <summary>Identity and kind of an open descriptor (fstat), so the file we read is the file we identified.</summary>
    internal static FileIdentity Of(int fd, out FileKind kind)
    {
        var buffer = default(StatBuffer);
        if (FStat(fd, ref buffer) != 0)
        {
            throw new IOException($"fstat failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        kind = KindOf(ref buffer);
        return Decode(ref buffer).Identity;
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

    // st_mode: offset 24 on x86_64 (after the 8-byte st_nlink), 16 on the generic layout (arm64, riscv64, loongarch64).
    private static FileKind KindOf(ref StatBuffer buffer)
    {
        Span<ulong> words = buffer;
        var mode = (uint)(RuntimeInformation.ProcessArchitecture == Architecture.X64 ? words[3] : words[2]);
        return (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            _ => FileKind.Other,
        };
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
