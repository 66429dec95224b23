using System.Collections.Concurrent;
using FactorioIsr.Configuration;
using FactorioIsr.Hosting;
using FactorioIsr.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Tests.Configuration;

/// <summary>A setting that came from <c>${NAME}</c> is logged as <c>${NAME}</c>, never as its secret text.</summary>
public sealed class SecretLoggingTests : IDisposable
{
    private const string SecretText = "s3cr3t-5tate";

    private readonly Configs _configs = new();

    public void Dispose() => _configs.Dispose();

    [Fact]
    public async Task StateFromASecret_IsLoggedByName_WhenTheRelayStarts()
    {
        _configs.Environment["STATE_SECRET"] = Path.Combine(_configs.Root, SecretText, "isr.db");
        _configs.WriteFile("console.log", string.Empty);
        var config = _configs.LoadValid($"state: ${{STATE_SECRET}}\nservers:\n  main:\n    log_path: {Path.Combine(_configs.Root, "console.log")}\n");

        var messages = await RunRelayAsync(config);

        Assert.Contains(messages, m => m.Contains("state in ${STATE_SECRET}", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains(SecretText, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StateFromASecret_IsLoggedByName_WhenItCannotBeOpened()
    {
        var blocker = _configs.WriteFile("not-a-directory", "x");
        _configs.Environment["STATE_SECRET"] = Path.Combine(blocker, SecretText + ".db");
        var config = _configs.LoadValid("state: ${STATE_SECRET}\nservers:\n  main:\n    log_path: a.log\n");

        // The start fails with one exception, which isr run prints redacted as its one line (CheckRunAgreementTests).
        var e = await Assert.ThrowsAsync<FactorioIsr.State.StateStoreException>(() => RunRelayAsync(config));
        var line = config.Secrets.Redact(e.Message);

        Assert.Contains("cannot open the state database ${STATE_SECRET}", line, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretText, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogPathFromASecret_IsLoggedByName_ByTheTailerToo_InMessagesFieldsAndExceptions()
    {
        _configs.Environment["LOG_DIR"] = Path.Combine(_configs.Root, SecretText);
        var config = _configs.LoadValid($"state: {Path.Combine(_configs.Root, "isr.db")}\nservers:\n  main:\n    log_path: ${{LOG_DIR}}/console.log\n");

        var messages = await RunRelayAsync(config, until: m => m.Contains("waiting for", StringComparison.Ordinal));

        Assert.Contains(messages, m => m.Contains("waiting for ${LOG_DIR}/console.log", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("Path=${LOG_DIR}/console.log", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains(SecretText, StringComparison.Ordinal));
    }

    [Fact]
    public void RedactingLogger_RedactsExceptionText()
    {
        _configs.Environment["TOKENISH"] = SecretText;
        var config = _configs.LoadValid("servers:\n  main:\n    log_path: ${TOKENISH}.log\n");
        var provider = new CapturingLoggerProvider();
        using var loggers = new LoggerFactory([provider]);
        using var redacting = new RedactingLoggerFactory(loggers, config.Secrets);

        redacting.CreateLogger("test").LogError(new IOException($"cannot read {SecretText}.log"), "failed on {File}", SecretText + ".log");

        var message = Assert.Single(provider.Messages);
        Assert.Contains("${TOKENISH}.log", message, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretText, message, StringComparison.Ordinal);
    }

    private static async Task<List<string>> RunRelayAsync(IsrConfiguration config, Func<string, bool>? until = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var provider = new CapturingLoggerProvider();
        var settings = new RelaySettings(config, TestPatterns.Shipped, config.Settings.StatePath, null, Console: true);
        // The composition root of isr run, with the test's log provider: every logger it builds must redact.
        var services = new ServiceCollection().AddLogging(b => b.AddProvider(provider)).AddIsrRelay(settings, TextWriter.Null);
        await using var container = services.BuildServiceProvider();
        var relay = container.GetServices<IHostedService>().OfType<RelayService>().Single();
        try
        {
            await relay.StartAsync(ct);
            var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(30);
            while (until is not null && !provider.Messages.Any(until) && TimeProvider.System.GetUtcNow() < deadline)
            {
                await Task.Delay(50, ct);
            }

            await relay.StopAsync(ct);
        }
        finally
        {
            await container.DisposeAsync();
        }

        return [.. provider.Messages];
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Capturing(Messages);

        public void Dispose()
        {
        }

        private sealed class Capturing(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                // The message, then every structured field (what JSON logs print), then the exception.
                var fields = state is IReadOnlyList<KeyValuePair<string, object?>> list ? string.Concat(list.Select(f => $" {f.Key}={f.Value}")) : string.Empty;
                messages.Enqueue(formatter(state, exception) + fields + (exception is null ? string.Empty : " " + exception));
            }
        }
    }
}
