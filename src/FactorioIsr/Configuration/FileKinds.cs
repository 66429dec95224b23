using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FactorioIsr.Configuration;

/// <summary>What a path is, following symbolic links: opening a FIFO blocks and a device never ends, so both are refused before opening.</summary>
internal enum FileKind
{
    Missing,
    Regular,
    Directory,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,

    /// <summary>Not known on this system (only Linux reports device kinds); treated as a regular file.</summary>
    Unknown,
}

/// <summary>
/// Classifies a path with stat(2) (symbolic links followed, so a link to a regular file is a regular file). .NET's
/// file APIs cannot tell a FIFO or a device from a file without opening it, so this calls libc on Linux.
/// </summary>
internal static partial class FileKinds
{
    private const uint TypeMask = 0xF000;

    public static FileKind Of(string path)
    {
        if (Directory.Exists(path))
        {
            return FileKind.Directory;
        }

        if (!File.Exists(path))
        {
            return FileKind.Missing;
        }

        if (!OperatingSystem.IsLinux() || ModeOffset() is not { } offset)
        {
            return FileKind.Unknown;
        }

        var buffer = default(StatBuffer);
        if (Stat(path, ref buffer) != 0)
        {
            return FileKind.Unknown; // a dangling link or a permission problem: the open that follows reports it
        }

        Span<uint> words = buffer;
        return (words[offset / sizeof(uint)] & TypeMask) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            _ => FileKind.Unknown,
        };
    }

    /// <summary>How a kind reads in a message: "a FIFO (named pipe)", "a character device".</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Directory => "a directory",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        _ => "not a regular file",
    };

    /// <summary>Whether a path can be read as a file: a regular file, or a kind this system cannot tell.</summary>
    public static bool IsReadableFile(FileKind kind) => kind is FileKind.Regular or FileKind.Unknown;

    // st_mode of struct stat on 64-bit Linux: offset 24 on x86_64 (st_nlink is 8 bytes and comes first), offset 16
    // in the generic layout of arm64, riscv64 and loongarch64. Elsewhere the kind is not read.
    private static int? ModeOffset() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 24,
        Architecture.Arm64 or Architecture.RiscV64 or Architecture.LoongArch64 => 16,
        _ => null,
    };

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Stat(string path, ref StatBuffer buffer);

    [InlineArray(64)]
    private struct StatBuffer
    {
        private uint _element;
    }
}
