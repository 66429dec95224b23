using System.Globalization;

namespace FactorioIsr.Tailing;

/// <summary>
/// The companion mod's numbered files (<c>events-1.jsonl</c>, <c>events-2.jsonl</c>, ...) named by
/// <c>mod_events_path</c>: a directory (its <c>events-*.jsonl</c>), a file-name pattern with <c>*</c> or <c>?</c>,
/// or one file. Listed in the order the mod writes them: by the number in the name, then by name.
/// </summary>
internal sealed record NumberedFiles(string Directory, string Glob)
{
    /// <summary>The mod's file names inside a directory given as <c>mod_events_path</c>.</summary>
    public const string DefaultGlob = "events-*.jsonl";

    public static NumberedFiles From(string path)
    {
        if (System.IO.Directory.Exists(path))
        {
            return new NumberedFiles(path, DefaultGlob);
        }

        var name = Path.GetFileName(path);
        var directory = Path.GetDirectoryName(path);
        return new NumberedFiles(string.IsNullOrEmpty(directory) ? "." : directory, string.IsNullOrEmpty(name) ? DefaultGlob : name);
    }

    /// <summary>The files there now, in order; empty when the directory does not exist or cannot be read.</summary>
    public IReadOnlyList<string> List()
    {
        try
        {
            return [.. System.IO.Directory.EnumerateFiles(Directory, Glob)
                .Select(p => (Path: p, Number: NumberOf(Path.GetFileName(p))))
                .OrderBy(f => f.Number)
                .ThenBy(f => f.Path, StringComparer.Ordinal)
                .Select(f => f.Path)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The last run of digits in a file name (<c>events-12.jsonl</c> → 12), or -1 when it has none.</summary>
    public static long NumberOf(string fileName)
    {
        var end = -1;
        for (var i = fileName.Length - 1; i >= 0; i--)
        {
            if (char.IsAsciiDigit(fileName[i]))
            {
                end = i;
                break;
            }
        }

        if (end < 0)
        {
            return -1;
        }

        var start = end;
        while (start > 0 && char.IsAsciiDigit(fileName[start - 1]))
        {
            start--;
        }

        return long.TryParse(fileName.AsSpan(start, end - start + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue;
    }
}
