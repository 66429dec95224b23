using FactorioIsr.Hosting;
using FactorioIsr.Security;
using FactorioIsr.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FactorioIsr.Tests.Security;

/// <summary>The composition root of isr run: the monitor observes the ingest writer before any hosted service starts.</summary>
public sealed class SecurityCompositionTests : IDisposable
{
    private readonly Configs _configs = new();

    public void Dispose() => _configs.Dispose();

    [Fact]
    public async Task TheMonitor_IsTheWritersObserver_OnceTheHostedServicesAreBuilt_BeforeAnyStarts()
    {
        // Hosted services start concurrently: installing the observer in StartAsync raced the relay's first batch.
        var config = _configs.LoadValid($"state: {Path.Combine(_configs.Root, "isr.db")}\nservers:\n  main:\n    log_path: {Path.Combine(_configs.Root, "console.log")}\n");
        var settings = new RelaySettings(config, TestPatterns.Shipped, config.Settings.StatePath, null, Console: false);
        await using var container = new ServiceCollection().AddLogging().AddIsrRelay(settings, TextWriter.Null).BuildServiceProvider();
        _ = container.GetServices<IHostedService>().ToList(); // what the host does first

        Assert.Same(container.GetRequiredService<SecurityMonitor>(), container.GetRequiredService<RelayPipeline>().Writer.Observer);
    }
}
