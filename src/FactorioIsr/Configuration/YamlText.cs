using System.Text;

namespace FactorioIsr.Configuration;

/// <summary>
/// Reads a YAML file's text: only a regular file (a FIFO would block the open, a device never ends), at most a given
/// number of bytes actually read (a size from stat is 0 for /proc files and devices), and strictly UTF-8 (or UTF-16
/// with its byte-order mark), so a Latin-1 byte is reported where it is instead of becoming U+FFFD.
/// </summary>
internal static class YamlText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string? Read(string path, long maxBytes, Diagnostics diagnostics)
    {
        var kind = FileKinds.Of(path);
        if (kind == FileKind.Missing)
        {
            diagnostics.Error(path, 1, 1, "file not found");
            return null;
        }

        if (!FileKinds.IsReadableFile(kind))
        {
            diagnostics.Error(path, 1, 1, $"is {FileKinds.Describe(kind)}, not a regular file; give the path of a YAML file");
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = ReadAtMost(path, maxBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(path, 1, 1, "cannot read: " + ex.Message);
            return null;
        }

        if (bytes.Length > maxBytes)
        {
            diagnostics.Error(path, 1, 1, $"file is larger than {maxBytes} bytes, the limit for this file; refused");
            return null;
        }

        return Decode(path, bytes, diagnostics);
    }

    /// <summary>Reads up to <paramref name="maxBytes"/> + 1 bytes: one more than the limit tells that the file is over it.</summary>
    private static byte[] ReadAtMost(string path, long maxBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        var buffer = new byte[Math.Min(maxBytes + 1, 64 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > maxBytes)
                {
                    break;
                }

                Array.Resize(ref buffer, (int)Math.Min(maxBytes + 1, (long)buffer.Length * 2));
            }

            var read = stream.Read(buffer, length, buffer.Length - length);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        return buffer[..length];
    }

    public static string? Decode(string path, byte[] bytes, Diagnostics diagnostics)
    {
        var (encoding, skip) = bytes switch
        {
            [0xEF, 0xBB, 0xBF, ..] => ((Encoding)StrictUtf8, 3),
            [0xFF, 0xFE, ..] => (new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), 2),
            [0xFE, 0xFF, ..] => (new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), 2),
            _ => (StrictUtf8, 0),
        };

        try
        {
            return encoding.GetString(bytes, skip, bytes.Length - skip);
        }
        catch (DecoderFallbackException ex)
        {
            var at = ex.Index >= 0 ? skip + ex.Index : skip;
            var (line, column) = Locate(bytes, skip, at, encoding);
            var bad = ex.BytesUnknown is { Length: > 0 } unknown ? unknown[0] : bytes[Math.Min(at, bytes.Length - 1)];
            diagnostics.Error(path, line, column, $"byte 0x{bad:X2} is not valid {(encoding is UTF8Encoding ? "UTF-8" : "UTF-16")}; save the file as UTF-8 (a Latin-1 or Windows-1252 editor setting writes such bytes)");
            return null;
        }
    }

    /// <summary>Line and column (1-based, in characters) of the byte at <paramref name="index"/>; the text before it decodes cleanly.</summary>
    private static (int Line, int Column) Locate(byte[] bytes, int start, int index, Encoding encoding)
    {
        var lenient = (Encoding)encoding.Clone();
        lenient.DecoderFallback = DecoderFallback.ReplacementFallback;
        var before = lenient.GetString(bytes, start, Math.Max(0, index - start));
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < before.Length; i++)
        {
            if (before[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, before.Length - lineStart + 1);
    }
}
