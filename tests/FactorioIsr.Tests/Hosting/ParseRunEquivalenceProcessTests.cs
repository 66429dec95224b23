using System.Diagnostics;
using System.Text;
using System.Text.Json;
using FactorioIsr.Tests.Tailing;

namespace FactorioIsr.Tests.Hosting;

/// <summary>
/// <c>isr parse</c> and <c>isr run</c> frame lines with the same rules (one splitter): the same file with a BOM, NULs
/// from a copytruncate race, CRLF, over-long lines cut inside a character and invalid UTF-8 gives the same events
/// through both verbs. Before, parse kept the BOM and leading NULs and cut long lines mid-character: on this file it
/// matched 1 line where the relay matched 3.
/// </summary>
[Collection(FactorioIsr.Tests.Simulator.ExternalProcesses.Name)]
public sealed class ParseRunEquivalenceProcessTests
{
    private static byte[] Corpus()
    {
        List<byte[]> lines =
        [
            [0xEF, 0xBB, 0xBF, .. "2026-11-26 12:00:00 [JOIN] Bom joined the game"u8],
            [0, 0, 0, .. "2026-11-26 12:00:01 [JOIN] Nul joined the game"u8],
            "2026-11-26 12:00:02 [CHAT] Crlf: windows line\r"u8.ToArray(),
            Encoding.UTF8.GetBytes("2026-11-26 12:00:03 [CHAT] Long: " + new string('é', 40_000)),
            Encoding.UTF8.GetBytes("2026-11-26 12:00:04 [CHAT] Huge: " + new string('z', 2 * 1024 * 1024)),
            [.. "2026-11-26 12:00:05 [CHAT] Bad"u8, 0xFF, .. "Name: inv"u8, 0xC3, .. "alid"u8],
            "2026-11-26 12:00:06 [LEAVE] Bom left the game"u8.ToArray(),
            "   12.345 Info Something.cpp:1: unmatched"u8.ToArray(),
        ];
        return [.. lines.SelectMany(l => l.Append((byte)'\n'))];
    }

    [Fact]
    public async Task ParseAndRun_SameFile_SameEvents()
    {
        using var dir = new TempDirectory();
        var log = dir.File("console.log");
        File.WriteAllBytes(log, Corpus());
        var patterns = Path.Combine(AppContext.BaseDirectory, "patterns");

        var parsed = await ParseAsync(log, patterns);
        Assert.Equal(6, parsed.Count); // the old splitter matched 4: it kept the BOM and the NULs

        var jsonl = dir.File("events.jsonl");
        File.WriteAllText(dir.File("servers.yml"), $"""
            servers:
              srv:
                event_channel_id: 1
                start_at: beginning
                log_path: {log}
            """);
        using (var isr = IsrProcess.Start("run", "--config", dir.File("servers.yml"), "--patterns", patterns, "--state", dir.File("isr.db"), "--jsonl", jsonl))
        {
            var deadline = Stopwatch.StartNew();
            while (Lines(jsonl).Count < parsed.Count && deadline.Elapsed < TimeSpan.FromSeconds(30) && !isr.HasExited)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            Assert.True(await isr.TerminateAsync(TimeSpan.FromSeconds(15)), isr.Stderr);
        }

        var relayed = Lines(jsonl).Select(Key).ToList();
        Assert.Equal(parsed.Select(Key), relayed);
    }

    private static (string? Type, string? Player, string? Message, string? Text) Key(JsonElement e) =>
        (Str(e, "type"), Str(e, "player"), Str(e, "message"), Str(e, "text"));

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static List<JsonElement> Lines(string path) => !File.Exists(path)
        ? []
        : [.. File.ReadAllLines(path).Where(l => l.Length > 0 && l.EndsWith('}')).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    private static async Task<List<JsonElement>> ParseAsync(string log, string patterns)
    {
        var info = new ProcessStartInfo(IsrProcess.Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { IsrProcess.IsrDll, "parse", "--patterns", patterns, log })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, await stderr);
        return [.. (await stdout).Split('\n').Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }
}
