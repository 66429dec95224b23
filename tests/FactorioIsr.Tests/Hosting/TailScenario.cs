using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FactorioIsr.Tests.Tailing;

namespace FactorioIsr.Tests.Hosting;

/// <summary>
/// A directory, a servers.yml and an <c>isr run --jsonl</c> process to start, kill and restart over it, plus a writer
/// that appends numbered chat lines (<c>seq=NNNNNNN</c>) to whichever file is current; rotations happen under its
/// lock, so no line is lost by the test itself. <see cref="Read"/> gives the seqs in the JSONL file and the file id
/// each came from.
/// </summary>
internal sealed class TailScenario : IDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopWriting = new();
    private Task _writer = Task.CompletedTask;
    private string _target;

    public TailScenario(string serversYaml, string? target = null)
    {
        Jsonl = Dir.File("events.jsonl");
        Log = Dir.File("console.log");
        _target = target ?? Log;
        File.WriteAllText(Dir.File("servers.yml"), serversYaml.Replace("$DIR", Dir.Path, StringComparison.Ordinal));
        Args = ["run", "--config", Dir.File("servers.yml"), "--patterns", Path.Combine(AppContext.BaseDirectory, "patterns"), "--state", Dir.File("data/isr.db"), "--jsonl", Jsonl];
    }

    public TempDirectory Dir { get; } = new();

    public string Log { get; }

    public string Jsonl { get; }

    public string[] Args { get; }

    /// <summary>Lines written so far (the next seq).</summary>
    public int Written { get; private set; }

    /// <summary>One server following <c>$DIR/console.log</c> from the beginning, with the given tailing settings.</summary>
    public static string OneServer(string tailing = "", string path = "$DIR/console.log") => $"""
        {tailing}
        servers:
          srv:
            event_channel_id: 1
            start_at: beginning
            sources:
              - kind: console
                path: {path}
        """;

    public static string Line(int seq) => $"2026-11-26 12:00:00 [CHAT] Writer: seq={seq:D7} {new string('.', seq % 40)}\n";

    public IsrProcess Start() => IsrProcess.Start(Args);

    /// <summary>Appends <paramref name="count"/> lines to the current target now.</summary>
    public void Write(int count)
    {
        lock (_gate)
        {
            TailerHarness.Append(_target, string.Concat(Enumerable.Range(Written, count).Select(Line)));
            Written += count;
        }
    }

    /// <summary>Starts appending a line every few milliseconds until <see cref="StopWritingAsync"/>.</summary>
    public void StartWriting()
    {
        _writer = Task.Run(
            async () =>
            {
                while (!_stopWriting.IsCancellationRequested)
                {
                    Write(2);
                    await Task.Delay(5, CancellationToken.None);
                }
            },
            CancellationToken.None);
    }

    public async Task StopWritingAsync()
    {
        await _stopWriting.CancelAsync();
        await _writer;
    }

    /// <summary>Runs a rotation between two lines of the writer; <paramref name="retarget"/> changes the file written to.</summary>
    public void Rotate(Action rotation, string? retarget = null)
    {
        lock (_gate)
        {
            rotation();
            _target = retarget ?? _target;
        }
    }

    /// <summary>copytruncate the way <c>cp NAME NAME.1 &amp;&amp; : &gt; NAME</c> does it: the copy overwrites an existing NAME.1 in place (same inode).</summary>
    public static void CopyTruncate(string log, string copy)
    {
        using (var source = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (var destination = new FileStream(copy, FileMode.Create, FileAccess.Write, FileShare.ReadWrite))
        {
            source.CopyTo(destination);
        }

        using var truncate = new FileStream(log, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        truncate.SetLength(0);
    }

    /// <summary>Points the symlink <paramref name="link"/> at <paramref name="target"/> atomically (<c>ln -sfn</c> via a rename).</summary>
    public static void PointLink(string link, string target)
    {
        var temporary = link + ".tmp";
        File.Delete(temporary);
        File.CreateSymbolicLink(temporary, target);
        File.Move(temporary, link, overwrite: true);
    }

    /// <summary>Waits until the JSONL file holds every seq below <paramref name="seq"/> (or the timeout).</summary>
    public async Task<bool> WaitForAllBelowAsync(int seq, int seconds = 60)
    {
        var until = Environment.TickCount64 + (seconds * 1000L);
        while (Environment.TickCount64 < until)
        {
            if (TryRead() is { } records && records.Select(r => r.Seq).Where(s => s < seq).Distinct().Count() >= seq)
            {
                return true;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return false;
    }

    /// <summary>Waits until the JSONL file holds some seq at or above <paramref name="seq"/> (or the timeout).</summary>
    public async Task<bool> WaitForAnyFromAsync(int seq, int seconds = 60)
    {
        var until = Environment.TickCount64 + (seconds * 1000L);
        while (Environment.TickCount64 < until)
        {
            if (TryRead() is { } records && records.Exists(r => r.Seq >= seq))
            {
                return true;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return false;
    }

    /// <summary>Every seq written is in the JSONL file exactly once, and in order within each file id; else a message saying what is wrong.</summary>
    public string? ExactlyOnce()
    {
        var records = Read();
        if (records.Count(r => r.Seq < 0) is > 0 and var torn)
        {
            return $"{torn} torn fragments (lines cut mid-line) delivered";
        }

        var seqs = records.Select(r => r.Seq).ToList();
        var missing = Enumerable.Range(0, Written).Except(seqs).ToList();
        var duplicated = seqs.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).Order().ToList();
        if (missing.Count > 0 || duplicated.Count > 0)
        {
            return $"{Written} written, {seqs.Count} delivered: missing {missing.Count} ({Ranges(missing)}), duplicated {duplicated.Count} ({Ranges(duplicated)})";
        }

        foreach (var file in records.GroupBy(r => r.File))
        {
            var inFile = file.Select(r => r.Seq).ToList();
            if (!inFile.Order().SequenceEqual(inFile))
            {
                return $"out of order within {file.Key}";
            }
        }

        return null;
    }

    public List<(int Seq, string File)>? TryRead()
    {
        try
        {
            return File.Exists(Jsonl) ? Read() : null;
        }
        catch (JsonException)
        {
            return null; // read while a restarted isr cut a torn last record and appended again
        }
    }

    public List<(int Seq, string File)> Read()
    {
        using var stream = new FileStream(Jsonl, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var records = new List<(int, string)>();
        while (reader.ReadLine() is { } line)
        {
            if (!line.EndsWith('}'))
            {
                continue; // being written right now
            }

            using var doc = JsonDocument.Parse(line);
            var raw = doc.RootElement.GetProperty("raw").GetString()!;
            var id = doc.RootElement.GetProperty("id").GetString()!;
            var at = raw.IndexOf("seq=", StringComparison.Ordinal);
            if (at < 0 || raw.Length < at + 11 || !int.TryParse(raw.AsSpan(at + 4, 7), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                records.Add((-1, id)); // a torn fragment: counted as neither missing nor duplicated, but as wrong
                continue;
            }

            records.Add((seq, id[..id.LastIndexOf('/')]));
        }

        return records;
    }

    public void Dispose()
    {
        _stopWriting.Cancel();
        _writer.Wait(TimeSpan.FromSeconds(5));
        _stopWriting.Dispose();
        Dir.Dispose();
    }

    /// <summary>Runs a command (mkfifo ...) and waits for it.</summary>
    public static void Run(string file, params string[] args)
    {
        using var process = Process.Start(file, args);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    private static string Ranges(List<int> values)
    {
        var parts = new List<string>();
        for (var i = 0; i < values.Count && parts.Count < 10; i++)
        {
            var start = values[i];
            while (i + 1 < values.Count && values[i + 1] == values[i] + 1)
            {
                i++;
            }

            parts.Add($"{start}-{values[i]}");
        }

        return string.Join(' ', parts);
    }
}
