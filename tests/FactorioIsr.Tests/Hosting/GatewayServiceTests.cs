using System.Diagnostics.Metrics;
using System.Text;
using FactorioIsr.Discord.Gateway;
using FactorioIsr.FakeDiscord;
using FactorioIsr.Health;
using FactorioIsr.Hosting;
using FactorioIsr.Http;
using FactorioIsr.Tests.Discord;
using FactorioIsr.Tests.Discord.Gateway;
using FactorioIsr.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FactorioIsr.Tests.Hosting;

/// <summary>
/// <see cref="GatewayService"/> in <c>isr run</c>'s composition root (<c>AddIsrRelay</c>): it runs the gateway only with
/// a token and a handler, dispatches reach the registered handlers, and its state is in the health snapshot, /ready
/// and /metrics.
/// </summary>
public sealed class GatewayServiceTests : IDisposable
{
    private readonly Configs _configs = new();

    public void Dispose() => _configs.Dispose();

    [Fact]
    public async Task IsrRelay_WithAHandler_ConnectsAndDispatchesToIt_AndClosesResumablyOnStop()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        var handler = new CollectingHandler(GatewayIntents.None, "INTERACTION_CREATE");
        await using var relay = await StartAsync(fake, handler);
        await fake.Gateway.WaitForLiveAsync(cancellationToken: TestContext.Current.CancellationToken);

        var interaction = await fake.Gateway.InjectInteractionAsync(new FakeInteractionSpec(), TestContext.Current.CancellationToken);
        await fake.Gateway.WaitUntilAsync(() => handler.Received.Count == 1, "the interaction at the handler", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(interaction.Id, handler.Received[0].Data.GetProperty("id").GetString());
        var snapshot = relay.Services.GetRequiredService<RelayHealth>().Capture();
        Assert.Equal("connected", snapshot.Gateway?.State);
        Assert.Equal(fake.Gateway.SessionId, snapshot.Gateway?.SessionId);
        Assert.DoesNotContain(HealthResponses.Reasons(snapshot), r => r.Contains("gateway", StringComparison.OrdinalIgnoreCase));
        // gateway_base_url pointed it at the fake; /gateway/bot was still asked for the identify budget.
        Assert.Contains(fake.Requests, r => r.Route == "GET /gateway/bot" && r.Status == 200);

        await relay.StopAsync();
        var connection = Assert.Single(fake.Gateway.Connections);
        await fake.Gateway.WaitUntilAsync(() => connection.Ended, "the end of the connection", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(GatewayCloseCodes.Resumable, connection.ClientCloseCode);
        Assert.NotEqual(1000, connection.ClientCloseCode);
        Assert.Empty(fake.ValidationFailures);
    }

    [Fact]
    public async Task IsrRelay_WithoutAHandler_OpensNoGateway()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        await using var relay = await StartAsync(fake, handler: null);
        await Task.Delay(300, TestContext.Current.CancellationToken);

        Assert.Empty(fake.Gateway.Connections);
        Assert.Null(relay.Services.GetRequiredService<RelayHealth>().Capture().Gateway);
    }

    [Fact]
    public async Task IsrRelay_WithoutAToken_OpensNoGateway()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        await using var relay = await StartAsync(fake, new CollectingHandler(GatewayIntents.None, "INTERACTION_CREATE"), token: false);
        await Task.Delay(300, TestContext.Current.CancellationToken);

        Assert.Empty(fake.Gateway.Connections);
        Assert.Null(relay.Services.GetRequiredService<RelayHealth>().Capture().Gateway);
    }

    [Fact]
    public async Task Ready_AfterDisallowedIntents_SaysWhichIntentToEnable_AndMetricsShowTheStop()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        fake.Gateway.EnabledPrivilegedIntents = 0;
        var chat = new CollectingHandler(GatewayIntents.GuildMessages | GatewayIntents.MessageContent, "MESSAGE_CREATE");
        await using var relay = await StartAsync(fake, chat);
        var health = relay.Services.GetRequiredService<RelayHealth>();
        await fake.Gateway.WaitUntilAsync(() => health.Capture().Gateway?.FatalError is not null, "the fatal error in the snapshot", cancellationToken: TestContext.Current.CancellationToken);

        var snapshot = health.Capture();
        Assert.False(snapshot.Ready);
        var reason = Assert.Single(HealthResponses.Reasons(snapshot), r => r.Contains("4014", StringComparison.Ordinal));
        Assert.Contains("MESSAGE CONTENT", reason, StringComparison.Ordinal);
        Assert.Contains("Developer Portal", reason, StringComparison.Ordinal);
        var meters = relay.Services.GetRequiredService<IMeterFactory>();
        using var exporter = new PrometheusExporter(meters);
        var text = new StringBuilder();
        exporter.WriteTo(text);
        Assert.Contains("# TYPE isr_gateway_state gauge", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("# TYPE isr_gateway_reconnects_total counter", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("# TYPE isr_gateway_heartbeat_latency_seconds gauge", text.ToString(), StringComparison.Ordinal);
        // The values of this relay's gateway meter (other tests' hosts may report on the same meter name meanwhile).
        var values = Observe(meters);
        Assert.Equal(1, values["isr_gateway_state{state=stopped}"]);
        Assert.Equal(0, values["isr_gateway_state{state=connected}"]);
        Assert.Equal(1, values["isr_gateway_fatal"]);
        Assert.Equal(0, values["isr_gateway_reconnects"]);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Single(fake.Gateway.Connections); // no retry
    }

    /// <summary>The current values of the gateway instruments made by <paramref name="meters"/> (one relay's factory).</summary>
    private static Dictionary<string, double> Observe(IMeterFactory meters)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Meter.Name == IsrMeters.Gateway)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = tags.Length == 0 ? "" : "{" + string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")) + "}";
            values[instrument.Name + labels] = value;
        }

        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }

    private async Task<RunningRelay> StartAsync(FakeDiscordServer fake, IGatewayEventHandler? handler, bool token = true)
    {
        var log = _configs.WriteFile("console.log", "");
        _configs.Environment["ISR_TEST_TOKEN"] = fake.Options.Token;
        var yaml = $$"""
            discord:
            {{(token ? "  token: ${ISR_TEST_TOKEN}\n" : "")}}  api_base_url: "{{fake.BaseUrl}}"
              gateway_base_url: "{{fake.Gateway.Url}}"
            servers:
              alpha:
                log_path: "{{log}}"
            """;
        var config = _configs.LoadValid(yaml);
        var settings = new RelaySettings(config, TestPatterns.Shipped, Path.Combine(_configs.Root, "state", "isr.db"), null, Console: false);
        var services = new ServiceCollection().AddLogging().AddIsrRelay(settings, TextWriter.Null);
        // The gateway alone, with the test's handler or none: the commands' router (always registered) is taken out.
        Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.RemoveAll<IGatewayEventHandler>(services);
        if (handler is not null)
        {
            services.AddSingleton(handler);
        }

        var container = services.BuildServiceProvider();
        var hosted = container.GetServices<IHostedService>().Where(s => s is RelayService or GatewayService).ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(TestContext.Current.CancellationToken);
        }

        return new RunningRelay(container, hosted);
    }

    private sealed class RunningRelay(ServiceProvider services, List<IHostedService> hosted) : IAsyncDisposable
    {
        private bool _stopped;

        public IServiceProvider Services => services;

        public async Task StopAsync()
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            foreach (var service in Enumerable.Reverse(hosted))
            {
                await service.StopAsync(CancellationToken.None);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            await services.DisposeAsync();
        }
    }
}
