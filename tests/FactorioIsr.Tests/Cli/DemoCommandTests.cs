using FactorioIsr.Cli;

namespace FactorioIsr.Tests.Cli;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_ShowsEventsWithinTenSeconds_AndStopsCleanlyOnCancel()
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

        var directory = output.Split('\n')[0].Split(" in ")[1].Trim();
        Assert.True(Directory.Exists(directory));

        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Ok, await demo.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken));
        Assert.Contains("isr demo: stopped", text.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory));
    }
}
