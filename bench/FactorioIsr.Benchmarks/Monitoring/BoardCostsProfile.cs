using System.Diagnostics;
using FactorioIsr.Discord.Messages;
using FactorioIsr.Discord.Rest;
using FactorioIsr.State;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Benchmarks.Monitoring;

/// <summary>
/// <c>-- board-costs N</c>: the status board's parts one by one, as CPU time per operation of this process: N history appends
/// (with the trim) and N one-hour loads on a store holding 1,000 servers × 24 h, N/10 full-day loads (what a chart reads),
/// and N/5 REST edits of a status-card-sized embed against the fake Discord in its own process.
/// </summary>
internal static class BoardCostsProfile
{
    public static async Task<int> RunAsync(int n)
    {
        var dir = Path.Combine(Path.GetTempPath(), "isr-board-costs-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "s.db");
        using var store = SqliteStateStore.Open(path, TimeProvider.System, NullLogger.Instance);
        var now = TimeProvider.System.GetUtcNow();
        MonitorLoadHarness.FillHistory(path, 1000, now - TimeSpan.FromSeconds(30));
        IStateStore s = store;
        var self = Process.GetCurrentProcess();
        double Cpu() { self.Refresh(); return self.TotalProcessorTime.TotalMilliseconds; }

        var c0 = Cpu();
        for (var i = 0; i < n; i++)
        {
            await s.AppendSampleHistoryAsync("sim" + ((i % 1000) + 1), new HistoryPoint(now + TimeSpan.FromSeconds(30 * (1 + (i / 1000))), 60, false, 3), HistoryBounds.Default, default);
        }

        var c1 = Cpu();
        Console.WriteLine($"append with trim: {(c1 - c0) / n:0.000} ms CPU each");
        for (var i = 0; i < n; i++)
        {
            _ = await s.LoadSampleHistoryAsync("sim" + ((i % 1000) + 1), now - TimeSpan.FromHours(1), default);
        }

        var c2 = Cpu();
        Console.WriteLine($"load 1 h: {(c2 - c1) / n:0.000} ms CPU each");
        for (var i = 0; i < n / 10; i++)
        {
            _ = await s.LoadSampleHistoryAsync("sim" + ((i % 1000) + 1), now - TimeSpan.FromHours(24), default);
        }

        var c3 = Cpu();
        Console.WriteLine($"load 24 h: {(c3 - c2) / (n / 10):0.000} ms CPU each");

        await using var fake = await FakeDiscordProcess.StartAsync(45123);
        using var rest = new DiscordRestClient(DiscordRestClient.CreateDefaultHandler(), new DiscordRestOptions { BaseUrl = fake.BaseUrl, Token = "fake-token" },
            TimeProvider.System, NullLogger<DiscordRestClient>.Instance);
        var fields = Enumerable.Range(0, 8).Select(i => new DiscordEmbedField("Field " + i, "some value text · 60.0/60.0 · SMA 59.9", i % 2 == 0)).ToList();
        var embed = new DiscordEmbed { Title = "🏭 sim1 status", Description = "🟢 Online for 3 h", Fields = fields, Footer = "Factorio ISR", Timestamp = now, ImageUrl = "attachment://ups.png" };
        var message = new DiscordMessage(null, [embed], AllowedMentions.None);
        var channels = Enumerable.Range(0, 100).Select(i => (700_000_000_000_000_000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var ids = new List<string>();
        var png = FactorioIsr.Monitoring.Chart.StatusChart.Render("x", [], TimeSpan.FromHours(24), DateTimeOffset.UnixEpoch);
        foreach (var ch in channels)
        {
            ids.Add((await rest.CreateMessageWithFilesAsync(ch, message, [new DiscordFile("ups.png", png)], null, default)).Message.Id);
        }

        var c4 = Cpu();
        var w = Stopwatch.StartNew();
        var edits = n / 5;
        for (var i = 0; i < edits; i++)
        {
            var k = i % channels.Length;
            _ = await rest.EditMessageWithFilesAsync(channels[k], ids[k], message, null, default);
        }

        var c5 = Cpu();
        Console.WriteLine($"REST edit (JSON, no files): {(c5 - c4) / edits:0.000} ms CPU each, wall {w.Elapsed.TotalMilliseconds / edits:0.00} ms");
        Directory.Delete(dir, true);
        return 0;
    }
}
