namespace FactorioIsr.Tailing;

/// <summary>What a path is. Only a <see cref="Regular"/> file (or a symlink to one) can be followed.</summary>
internal enum FileKind
{
    Regular,
    Directory,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,

    /// <summary>A "regular" file of a kernel pseudo file system (/proc, /sys): no size, no append, reads that fail or never end.</summary>
    Pseudo,
    Other,
}

/// <summary>Words for a <see cref="FileKind"/> in messages.</summary>
internal static class FileKinds
{
    public static string Describe(this FileKind kind) => kind switch
    {
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        FileKind.Pseudo => "a kernel pseudo-file (/proc, /sys)",
        _ => "not a regular file",
    };

    /// <summary>
    /// Null when <paramref name="path"/> can be a log path (a regular file or a symlink to one, or missing: it may
    /// appear later); otherwise why not, in words for a check error or a run warning. Never opens the path, so a FIFO
    /// cannot block it.
    /// </summary>
    public static string? WhyNotALogFile(string path)
    {
        if (!FileIdentity.TryStat(path, out _, out var size, out var kind))
        {
            return null;
        }

        if (kind == FileKind.Regular && size == 0 && TailFiles.IsPseudo(path))
        {
            kind = FileKind.Pseudo;
        }

        return kind == FileKind.Regular ? null : $"{path} is {kind.Describe()}; a log path must be a regular file or a symlink to one";
    }
}
