using FactorioIsr.Events;
using FactorioIsr.Tests.Hosting;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Discord;

/// <summary><c>isr run</c> as a child process: log lines in, messages recorded by the fake Discord out, in order.</summary>
[Collection(FactorioIsr.Tests.Simulator.ExternalProcesses.Name)]
public sealed class IsrRunToDiscordProcessTests
{
    [Fact]
    public async Task IsrRun_LogLinesAppended_ArriveAtTheFakeInOrder_AndSigtermExitsZero()
    {
        using var dir = new TempDirectory();
        var log = dir.Write("console.log", string.Empty);
        await using var fake = await DiscordTestKit.StartFakeAsync();
        var config = dir.Write("servers.yml", $"""
            discord:
              token: "{fake.Options.Token}"
              api_base_url: "{fake.BaseUrl}"
            servers:
              srv:
                log_path: "{log}"
                start_at: beginning
                event_channel_id: 10
            """);
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "samples", "console.log"));
        var expected = lines
            .Select(l => TestPatterns.Shipped.Match(LogSourceKind.Console, l) is { } m ? EventRenderer.Render(m, "srv", l) : null)
            .OfType<string>()
            .ToList();

        using var isr = IsrProcess.Start("run", "--config", config, "--patterns", Path.Combine(RepositoryRoot.Path, "patterns"), "--state", dir.Combine("state/isr.db"));
        foreach (var line in lines)
        {
            await File.AppendAllTextAsync(log, line + "\n", TestContext.Current.CancellationToken);
        }

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        while (fake.Messages.Sum(m => m.Content!.Split('\n').Length) < expected.Count && stopwatch.Elapsed < TimeSpan.FromSeconds(60) && !isr.HasExited)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.True(await isr.TerminateAsync(TimeSpan.FromSeconds(15)), isr.Stderr);
        Assert.Equal(0, isr.ExitCode);
        Assert.Equal(expected, fake.Messages.SelectMany(m => m.Content!.Split('\n')));
        Assert.All(fake.Messages, m => Assert.Equal("10", m.ChannelId));
        DiscordTestKit.AssertValidBodies(fake);
    }
}
