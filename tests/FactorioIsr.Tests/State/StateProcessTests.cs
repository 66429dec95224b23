using System.Diagnostics;
using System.Globalization;
using FactorioIsr.State;
using FactorioIsr.Tests.Hosting;
using FactorioIsr.Tests.Tailing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.State;

/// <summary>
/// The state store seen from a running <c>isr run --jsonl</c>: its database deleted under it (issue #11, item 3), the
/// disk writes a relayed line costs (item 4, measured with /proc/PID/io), and the open error's message (item 13).
/// </summary>
[Collection(FactorioIsr.Tests.Simulator.ExternalProcesses.Name)]
public sealed class StateProcessTests
{
    [Fact]
    public async Task Run_StateDatabaseDeleted_StopsIntakeWithCriticalLine()
    {
        using var dir = new TempDirectory();
        var (args, log, jsonl) = Setup(dir, dir.File("events.jsonl"));
        using var isr = IsrProcess.Start(args);
        TailerHarness.Append(log, Lines(0, 20));
        await WaitForLinesAsync(jsonl, 20, isr);

        File.Delete(dir.File("data/isr.db"));
        for (var i = 20; i < 60; i += 5)
        {
            TailerHarness.Append(log, Lines(i, 5));
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        // Nothing read after the deletion is committed (into a file nobody could open again) or delivered.
        var until = Environment.TickCount64 + 15_000;
        while (!isr.Stderr.Contains("was deleted while isr was running", StringComparison.Ordinal) && Environment.TickCount64 < until)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        await Task.Delay(1500, TestContext.Current.CancellationToken);
        Assert.Contains("crit", isr.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"state database {dir.File("data/isr.db")} was deleted while isr was running: intake stopped", isr.Stderr, StringComparison.Ordinal);
        Assert.Equal(20, CountLines(jsonl));
        Assert.False(File.Exists(dir.File("data/isr.db")), "a new database appeared under the path");
        await isr.KillAsync();
    }

    [Fact]
    public async Task Run_OneLineAtATime_DiskWritesPerEventAreAFewKilobytes()
    {
        using var dir = new TempDirectory();
        using var output = new TmpfsDirectory(dir.File("out"));
        var (args, log, jsonl) = Setup(dir, Path.Combine(output.Path, "events.jsonl"));
        using var isr = IsrProcess.Start(args);
        TailerHarness.Append(log, Lines(0, 5));
        await WaitForLinesAsync(jsonl, 5, isr);
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        var pid = ProcessWith(dir.File("servers.yml"));
        var before = WriteBytes(pid);
        const int Events = 40;
        for (var i = 0; i < Events; i++)
        {
            TailerHarness.Append(log, Lines(5 + i, 1));
            await WaitForLinesAsync(jsonl, 6 + i, isr);
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var perEvent = (WriteBytes(pid) - before) / Events;
        await isr.KillAsync();

        // 16 KiB pages and an fsync per acknowledgement cost ~124 KiB per event; now ~7 KiB (docs/PERFORMANCE.md). The
        // bound leaves room for a checkpoint falling into the window.
        Assert.True(perEvent < 16 * 1024, $"{perEvent} bytes written per event");
    }

    [Fact]
    public async Task Run_StateOfANewerIsr_SaysSoInOneSentenceWithoutDirectoryAdvice()
    {
        using var dir = new TempDirectory();
        var (args, _, _) = Setup(dir, dir.File("events.jsonl"));
        SqliteStateStore.Open(dir.File("data/isr.db"), TimeProvider.System, NullLogger.Instance).Dispose();
        using (var connection = new SqliteConnection($"Data Source={dir.File("data/isr.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO schema_migrations VALUES ({SqliteMigrations.Latest + 1}, 'future', '2030-01-01')";
            command.ExecuteNonQuery();
        }

        using var isr = IsrProcess.Start(args);
        var until = Environment.TickCount64 + 30_000;
        while (!isr.HasExited && Environment.TickCount64 < until)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(isr.HasExited, "isr did not exit: " + isr.Stderr);
        await Task.Delay(200, TestContext.Current.CancellationToken); // the last stderr lines
        var line = isr.Stderr.Split('\n').Single(l => l.Contains("cannot open the state database", StringComparison.Ordinal));
        Assert.Equal(1, isr.ExitCode);
        Assert.Contains("newer than this isr", line, StringComparison.Ordinal);
        Assert.DoesNotContain("..", line, StringComparison.Ordinal);
        Assert.DoesNotContain("directory", line, StringComparison.Ordinal);
    }

    internal static string Lines(int from, int count) =>
        string.Concat(Enumerable.Range(from, count).Select(i => $"2026-11-26 12:00:00 [CHAT] Writer: seq={i:D7} hello there, anyone up for a rocket launch tonight?\n"));

    private static (string[] Args, string Log, string Jsonl) Setup(TempDirectory dir, string jsonl)
    {
        var log = dir.File("console.log");
        File.WriteAllText(log, string.Empty);
        File.WriteAllText(dir.File("servers.yml"), $"""
            servers:
              srv:
                event_channel_id: 1
                start_at: beginning
                sources:
                  - kind: console
                    path: {log}
            """);
        return (["run", "--config", dir.File("servers.yml"), "--patterns", Path.Combine(AppContext.BaseDirectory, "patterns"), "--state", dir.File("data/isr.db"), "--jsonl", jsonl], log, jsonl);
    }

    private static async Task WaitForLinesAsync(string jsonl, int count, IsrProcess isr)
    {
        var until = Environment.TickCount64 + 30_000;
        while (CountLines(jsonl) < count)
        {
            Assert.True(Environment.TickCount64 < until && !isr.HasExited, $"{CountLines(jsonl)} of {count} lines in {jsonl}; stderr: {isr.Stderr}");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private static int CountLines(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var count = 0;
        while (reader.ReadLine() is { } line)
        {
            count += line.EndsWith('}') ? 1 : 0;
        }

        return count;
    }

    /// <summary>The pid of the isr process whose command line names <paramref name="marker"/> (a path unique to the test).</summary>
    private static int ProcessWith(string marker)
    {
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(entry, "cmdline")).Contains(marker, StringComparison.Ordinal))
                    {
                        return pid;
                    }
                }
                catch (IOException)
                {
                    // gone meanwhile
                }
            }
        }

        throw new InvalidOperationException($"no process runs with {marker}");
    }

    /// <summary>write_bytes of /proc/PID/io: the bytes the process caused to be sent to storage.</summary>
    private static long WriteBytes(int pid) =>
        long.Parse(File.ReadAllLines($"/proc/{pid}/io").Single(l => l.StartsWith("write_bytes:", StringComparison.Ordinal))["write_bytes:".Length..].Trim(), CultureInfo.InvariantCulture);
}

/// <summary>A small tmpfs mounted on a directory (tests run as root), unmounted on dispose: writes to it are not disk writes.</summary>
internal sealed class TmpfsDirectory : IDisposable
{
    public TmpfsDirectory(string path, string size = "16m")
    {
        Path = path;
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", path);
    }

    public string Path { get; }

    public static void Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: {error}");
    }

    public void Dispose() => Run("umount", "-l", Path);
}
