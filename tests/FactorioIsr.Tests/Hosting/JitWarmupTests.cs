using FactorioIsr.Ingest;
using FactorioIsr.Delivery;
using FactorioIsr.Hosting;
using FactorioIsr.Patterns;
using Microsoft.Data.Sqlite;

namespace FactorioIsr.Tests.Hosting;

public sealed class JitWarmupTests
{
    [Fact]
    public async Task Relay_AsksForTheWarmUpWithItsFirstLine_NeverWhileIdle()
    {
        using var dir = new FactorioIsr.Tests.Tailing.TempDirectory();
        File.WriteAllText(dir.File("console.log"), "");
        await using var harness = new FactorioIsr.Tests.Delivery.PipelineHarness(dir, "console.log");
        harness.Start();
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.False(harness.Pipeline.WarmupRequested); // idle: the per-line path is not compiled (idle memory)

        File.AppendAllText(dir.File("console.log"), "2026-12-01 20:00:00 [CHAT] bob: first\n");
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        while (!harness.Pipeline.WarmupRequested && stopwatch.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.True(harness.Pipeline.WarmupRequested);
    }

    [Fact]
    public void Types_CoverThePerLinePath_AndNotTheRestOfTheProcess()
    {
        var types = JitWarmup.Types().ToHashSet();

        Assert.Contains(typeof(IngestWriter), types);
        Assert.Contains(typeof(LogParsePipeline), types);
        Assert.Contains(typeof(JsonlOutput), types);
        Assert.Contains(typeof(SqliteCommand), types);
        Assert.DoesNotContain(types, t => t.Namespace is "FactorioIsr.Cli" or "FactorioIsr.Rcon" or "FactorioIsr.Configuration");
    }

    [Fact]
    public void Prepare_CompilesEveryConcreteMethod_WithoutRunningAny()
    {
        var expected = typeof(IngestWriter).GetMethods(System.Reflection.BindingFlags.DeclaredOnly | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
            .Count(m => !m.IsAbstract && !m.ContainsGenericParameters && m.GetMethodBody() is not null);

        Assert.True(expected > 0);
        Assert.True(JitWarmup.Prepare([typeof(IngestWriter)], TestContext.Current.CancellationToken) >= expected);
        Assert.True(JitWarmup.Prepare(JitWarmup.Types(), TestContext.Current.CancellationToken) > 500);
    }

    [Fact]
    public void Prepare_StopsWhenCancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => JitWarmup.Prepare(JitWarmup.Types(), cancelled.Token));
    }
}
