using FactorioIsr.Cli;

namespace FactorioIsr.Tests.Cli;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_ShowsEventsWithinTenSeconds_TheStatusBoard_AndStopsCleanlyOnCancel()
    {
        var text = new StringWriter();
        var stdout = TextWriter.Synchronized(text);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var demo = IsrCli.RunAsync(["demo"], IsrConsole.Capture(stdout, TextWriter.Synchronized(new StringWriter())), stop.Token);

        var started = System.Diagnostics.Stopwatch.StartNew();
        bool Seen() => text.ToString() is var o && o.Contains("joined the server", StringComparison.Ordinal) && o.Contains("[sim1] 🟢 **Server started**", StringComparison.Ordinal);
        while (!Seen() && started.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var output = text.ToString();
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10) || !Seen(), $"events took {started.Elapsed}");
        Assert.Contains("[sim1] 🟢 **Server started**", output, StringComparison.Ordinal);
        Assert.Contains("joined the server", output, StringComparison.Ordinal);

        // A slash command, run through its registry entry against the simulator, and its reply.
        var command = System.Diagnostics.Stopwatch.StartNew();
        while (!text.ToString().Contains("> /factorio players server: sim1", StringComparison.Ordinal) && command.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Contains("> /factorio players server: sim1", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("👥 Players on Simulated server 1", text.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("warn:", text.ToString(), StringComparison.Ordinal); // no token is how the demo runs, not a problem

        // The first server's status board (stats_mode: edit): posted once with its chart, then edited in place, one line per edit.
        var board = System.Diagnostics.Stopwatch.StartNew();
        var chartLine = new System.Text.RegularExpressions.Regex(@"^\[sim1\].*chart ups\.png (attached|rendered and attached) \(800×300 PNG, [0-9,]+ bytes\)", System.Text.RegularExpressions.RegexOptions.Multiline);
        while (!(text.ToString().Contains("[sim1] ✏️ status board edited in place (message console-1)", StringComparison.Ordinal) && chartLine.IsMatch(text.ToString())) && board.Elapsed < TimeSpan.FromSeconds(40))
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        var shown = text.ToString();
        var posted = shown.Split('\n').Where(l => l.StartsWith("[sim1] 📌 status board posted", StringComparison.Ordinal)).ToList();
        Assert.True(posted.Count == 1, $"the status board is posted once, not {posted.Count} times\n{shown}");
        // The chart: with the post when the server has UPS history, else with the first edit once it has (a fresh
        // demo posts before the first sample; the card's footer then says "no chart yet").
        Assert.Matches(chartLine, shown);
        Assert.Contains("🏭 Simulated server 1 status", shown, StringComparison.Ordinal);
        Assert.Contains("[sim1] ✏️ status board edited in place (message console-1): ", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("[sim1] 📊", shown, StringComparison.Ordinal); // its stats go to the board, not the channel
        Assert.Contains("[sim2] 📊 **Simulated server 2 stats**", shown, StringComparison.Ordinal);

        var directory = output.Split('\n')[0].Split(" in ")[1].Trim();
        Assert.True(Directory.Exists(directory));

        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Ok, await demo.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken));
        Assert.Contains("isr demo: stopped", text.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory));
    }
}
