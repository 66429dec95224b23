using System.Globalization;
using System.Text.Json;
using FactorioIsr.Tests.Tailing;

namespace FactorioIsr.Tests.Hosting;

/// <summary>
/// Crash safety of the real process (G2 on one host, G4): a writer appends numbered chat lines while
/// <c>isr run</c> is SIGKILLed at random moments 20 times and restarted, with rename rotations and copytruncates in
/// between; then it is stopped with SIGTERM. The JSONL output must hold every line exactly once, in order per file.
/// </summary>
[Collection(FactorioIsr.Tests.Simulator.ExternalProcesses.Name)]
public sealed class KillRestartProcessTests
{
    [Fact]
    public async Task Run_KilledRandomly20TimesWithRotations_JsonlHasEveryLineExactlyOnce()
    {
        using var dir = new TempDirectory();
        var log = dir.File("console.log");
        var jsonl = dir.File("events.jsonl");
        File.WriteAllText(log, string.Empty);
        File.WriteAllText(dir.File("servers.yml"), $"""
            servers:
              srv:
                event_channel_id: 1
                start_at: beginning
                sources:
                  - kind: console
                    path: {log}
                    rotated: "console.log.*"
            """);
        string[] args = ["run", "--config", dir.File("servers.yml"), "--patterns", Path.Combine(AppContext.BaseDirectory, "patterns"), "--state", dir.File("data/isr.db"), "--jsonl", jsonl];

        var gate = new Lock();
        var written = 0;
        var generationFirst = 0;
        using var stopWriting = new CancellationTokenSource();
        var writer = Task.Run(
            async () =>
            {
                while (!stopWriting.IsCancellationRequested)
                {
                    lock (gate)
                    {
                        TailerHarness.Append(log, string.Concat(Enumerable.Range(written, 5).Select(Line)));
                        written += 5;
                    }

                    await Task.Delay(3, CancellationToken.None);
                }
            },
            CancellationToken.None);

        var random = new Random(20261126);
        var rotations = 0;
        var rotationSeqs = new List<int>();
        for (var round = 0; round < 20; round++)
        {
            using var isr = IsrProcess.Start(args);
            await Task.Delay(random.Next(100, 900), TestContext.Current.CancellationToken);
            if (round % 4 == 1 || round % 4 == 3)
            {
                // Rotate only a file isr has seen (its first line delivered): one nothing was ever read from is
                // indistinguishable from a new file (docs/tailing.md).
                await WaitForSeqAsync(jsonl, generationFirst);
                lock (gate)
                {
                    var rotated = $"{log}.{++rotations:D3}";
                    if (round % 4 == 1)
                    {
                        File.Move(log, rotated);
                        File.WriteAllText(log, string.Empty);
                    }
                    else
                    {
                        File.Copy(log, rotated);
                        using var truncate = new FileStream(log, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                        truncate.SetLength(0);
                    }

                    generationFirst = written;
                    rotationSeqs.Add(written);
                }

                await Task.Delay(random.Next(0, 300), TestContext.Current.CancellationToken);
            }

            await isr.KillAsync();
            await Task.Delay(random.Next(0, 200), TestContext.Current.CancellationToken);
        }

        await stopWriting.CancelAsync();
        await writer;
        var lastStderr = string.Empty;
        using (var last = IsrProcess.Start(args))
        {
            // Files are read side by side (rotated ones finish while the current one is read), so wait for the count.
            var until = Environment.TickCount64 + 90_000;
            while (Read(jsonl).Count < written && Environment.TickCount64 < until)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
            lastStderr = last.Stderr;
            Assert.True(await last.TerminateAsync(TimeSpan.FromSeconds(10)), "isr did not exit within 10 s of SIGTERM: " + lastStderr);
            Assert.True(last.ExitCode == 0, last.Stderr);
            lastStderr = last.Stderr;
        }

        var records = Read(jsonl);
        var seqs = records.Select(r => r.Seq).ToList();
        var missing = Enumerable.Range(0, written).Except(seqs).ToList();
        var duplicated = seqs.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(missing.Count == 0 && duplicated.Count == 0, $"missing {missing.Count} ({Ranges(missing)}), duplicated {duplicated.Count} ({Ranges(duplicated)}); rotations at {string.Join(',', rotationSeqs)}; last isr's stderr: {lastStderr[Math.Max(0, lastStderr.Length - 4000)..]}");
        Assert.Equal(written, seqs.Count);
        Assert.Equal(Enumerable.Range(0, written), seqs.Order());
        foreach (var file in records.GroupBy(r => r.File))
        {
            var inFile = file.Select(r => r.Seq).ToList();
            Assert.Equal(inFile.Order(), inFile);
        }
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

    private static string Line(int seq) => $"2026-11-26 12:00:00 [CHAT] Writer: seq={seq:D7} {new string('.', seq % 40)}\n";

    private static async Task WaitForSeqAsync(string jsonl, int seq)
    {
        var until = Environment.TickCount64 + 60_000;
        while (Environment.TickCount64 < until)
        {
            try
            {
                if (File.Exists(jsonl) && Read(jsonl).Any(r => r.Seq == seq))
                {
                    return;
                }
            }
            catch (JsonException)
            {
                // Read while a restarted isr cut a torn last record and appended again: the reader's buffer
                // straddled both. Read again; the final check reads the file only after isr has exited.
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"seq {seq} never reached {jsonl}");
    }

    private static List<(int Seq, string File)> Read(string jsonl)
    {
        using var stream = new FileStream(jsonl, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
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
            var at = raw.IndexOf("seq=", StringComparison.Ordinal) + 4;
            records.Add((int.Parse(raw.AsSpan(at, 7), CultureInfo.InvariantCulture), id[..id.LastIndexOf('/')]));
        }

        return records;
    }
}
