using FactorioIsr.Tailing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.Tailing;

public sealed class DirectoryWatchHubTests
{
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = Environment.TickCount64 + 10_000;
        while (!condition() && Environment.TickCount64 < until)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(condition());
    }

    [Fact]
    public async Task Subscribe_WriteToOneFile_WakesOnlyItsTailerAndRotatedNamesWakeIt()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("a.log"), string.Empty);
        File.WriteAllText(dir.File("b.log"), string.Empty);
        File.WriteAllText(dir.File("factorio-current.log"), string.Empty);
        using var hub = new DirectoryWatchHub(NullLogger.Instance);
        AsyncSignal a = new(), b = new(), current = new();
        using var sa = hub.Subscribe(dir.File("a.log"), a);
        using var sb = hub.Subscribe(dir.File("b.log"), b);
        using var sc = hub.Subscribe(dir.File("factorio-current.log"), current);

        File.AppendAllText(dir.File("a.log"), "x\n");
        await WaitUntilAsync(() => a.IsSet);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(b.IsSet);
        Assert.False(current.IsSet);

        File.Move(dir.File("b.log"), dir.File("b.log.1"));
        await WaitUntilAsync(() => b.IsSet);
        File.Move(dir.File("factorio-current.log"), dir.File("factorio-previous.log"));
        await WaitUntilAsync(() => current.IsSet);
    }
}
