using System.Text;

namespace FactorioIsr.Simulator.Logs;

/// <summary>
/// An append-only text file that a tailer may read at any moment: every line is flushed, and the file can be
/// rotated (renamed away, a new one started) or truncated in place, like the real logs.
/// </summary>
internal sealed class LogFile : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly Lock _gate = new();
    private FileStream? _stream;

    public LogFile(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public void WriteLine(string line)
    {
        var bytes = Utf8.GetBytes(line + "\n");
        lock (_gate)
        {
            _stream ??= Open();
            _stream.Write(bytes);
            _stream.Flush();
        }
    }

    /// <summary>Renames the file to <paramref name="rotatedPath"/> (replacing it) and starts a new, empty file.</summary>
    public void Rotate(string rotatedPath)
    {
        lock (_gate)
        {
            _stream?.Dispose();
            _stream = null;
            if (File.Exists(Path))
            {
                File.Move(Path, rotatedPath, overwrite: true);
            }

            _stream = Open();
        }
    }

    /// <summary>Cuts the file to zero bytes in place (same inode), then keeps appending.</summary>
    public void Truncate()
    {
        lock (_gate)
        {
            _stream ??= Open();
            _stream.SetLength(0);
            _stream.Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stream?.Dispose();
            _stream = null;
        }
    }

    private FileStream Open()
    {
        var stream = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(0, SeekOrigin.End);
        return stream;
    }
}
