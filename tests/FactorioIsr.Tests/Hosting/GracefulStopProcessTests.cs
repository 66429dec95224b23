using System.Globalization;
using System.Text.Json;
using FactorioIsr.Tests.Tailing;

namespace FactorioIsr.Tests.Hosting;

/// <summary>
/// SIGTERM at any moment of <c>isr run</c> exits 0 with nothing lost: through the launcher from its first instruction
/// (while the runtime starts, before Main), during the first second of start-up (it used to die with 143 there) and
/// under load; a restart after each stop delivers every line exactly once.
/// </summary>
[Collection(FactorioIsr.Tests.Simulator.ExternalProcesses.Name)]
public sealed class GracefulStopProcessTests
{
    [Fact]
    public async Task Sigterm_AtEveryMomentOfStartUpAndUnderLoad_ExitsZero_NothingLostNothingTwice()
    {
        using var dir = new TempDirectory();
        var log = dir.File("console.log");
        var jsonl = dir.File("events.jsonl");
        File.WriteAllText(log, string.Empty);
        File.WriteAllText(dir.File("servers.yml"), $"""
            shutdown_timeout_seconds: 10
            servers:
              srv:
                event_channel_id: 1
                start_at: beginning
                sources:
                  - kind: console
                    path: {log}
            """);
        string[] args = ["run", "--config", dir.File("servers.yml"), "--patterns", Path.Combine(AppContext.BaseDirectory, "patterns"), "--state", dir.File("data/isr.db"), "--jsonl", jsonl];

        var written = 0;
        using var stopWriting = new CancellationTokenSource();
        var writer = Task.Run(
            async () =>
            {
                while (!stopWriting.IsCancellationRequested)
                {
                    TailerHarness.Append(log, string.Concat(Enumerable.Range(written, 20).Select(Line)));
                    Interlocked.Add(ref written, 20);
                    await Task.Delay(2, CancellationToken.None);
                }
            },
            CancellationToken.None);

        // Through the launcher `isr`, from its first instruction: SIGTERM while the .NET runtime starts (before Main; it
        // used to exit 143 there) waits as pending and reaches Main's handler.
        var beforeMain = 0;
        int[] launcherDelaysMs = [0, 0, 5, 15, 30, 60, 120];
        foreach (var delay in launcherDelaysMs)
        {
            using var isr = IsrProcess.StartThroughLauncher(args);
            Assert.True(await isr.WaitUntilSigtermBlockedAsync(), $"the launcher did not block SIGTERM: is {IsrProcess.Launcher} the launcher? (it needs a C compiler at build time: .ci/install.d/10-launcher.sh)\n{isr.Stderr}");
            if (delay > 0)
            {
                await Task.Delay(delay, TestContext.Current.CancellationToken);
            }

            beforeMain += isr.IsLoaded() ? 0 : 1;
            Assert.True(await isr.TerminateAsync(TimeSpan.FromSeconds(15)), $"no exit within 15 s of SIGTERM at launcher+{delay} ms:\n{isr.Stderr}");
            Assert.True(isr.ExitCode == 0, $"SIGTERM at launcher+{delay} ms: exit {isr.ExitCode}\n{isr.Stderr}");
        }

        Assert.True(beforeMain > 0, "no SIGTERM reached the launcher before the runtime had loaded isr.dll: the window was not tested");

        // Once Main runs, the process is named "isr" again (the kernel named it after isr-host), so `pgrep -x isr` finds it.
        using (var named = IsrProcess.StartThroughLauncher(args))
        {
            var comm = $"/proc/{named.Id}/comm";
            var until = Environment.TickCount64 + 30_000;
            // isr.dll mapped: past the launcher (whose own name is "isr" too), so "isr" can only come from Main.
            while (Environment.TickCount64 < until && !named.HasExited && !(named.IsLoaded() && File.ReadAllText(comm).Trim() == "isr"))
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }

            Assert.Equal("isr", File.ReadAllText(comm).Trim());
            Assert.True(await named.TerminateAsync(TimeSpan.FromSeconds(15)), named.Stderr);
            Assert.Equal(0, named.ExitCode);
        }

        // Through `dotnet isr.dll`, from "Main is about to run" (configuration not read yet) to "relaying under load".
        int[] delaysMs = [20, 40, 80, 150, 250, 400, 600, 800, 1000, 1500, 2500];
        foreach (var delay in delaysMs)
        {
            using var isr = IsrProcess.Start(args);
            await isr.WaitUntilLoadedAsync();
            await Task.Delay(delay, TestContext.Current.CancellationToken);
            Assert.True(await isr.TerminateAsync(TimeSpan.FromSeconds(15)), $"no exit within 15 s of SIGTERM at {delay} ms:\n{isr.Stderr}");
            Assert.True(isr.ExitCode == 0, $"SIGTERM at {delay} ms: exit {isr.ExitCode}\n{isr.Stderr}");
        }

        await stopWriting.CancelAsync();
        await writer;
        using (var last = IsrProcess.Start(args))
        {
            await WaitForCountAsync(jsonl, written);
            Assert.True(await last.TerminateAsync(TimeSpan.FromSeconds(15)), last.Stderr);
            Assert.Equal(0, last.ExitCode);
        }

        var seqs = Read(jsonl);
        Assert.Equal(Enumerable.Range(0, written), seqs);
    }

    private static string Line(int seq) => $"2026-12-01 12:00:00 [CHAT] Writer: seq={seq:D7}\n";

    private static async Task WaitForCountAsync(string jsonl, int count)
    {
        var until = Environment.TickCount64 + 60_000;
        while (Environment.TickCount64 < until)
        {
            if (File.Exists(jsonl) && Read(jsonl).Count >= count)
            {
                return;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static List<int> Read(string jsonl)
    {
        using var stream = new FileStream(jsonl, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var seqs = new List<int>();
        while (reader.ReadLine() is { } line)
        {
            if (!line.EndsWith('}'))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var raw = doc.RootElement.GetProperty("raw").GetString()!;
            var at = raw.IndexOf("seq=", StringComparison.Ordinal) + 4;
            seqs.Add(int.Parse(raw.AsSpan(at, 7), CultureInfo.InvariantCulture));
        }

        return seqs;
    }
}
