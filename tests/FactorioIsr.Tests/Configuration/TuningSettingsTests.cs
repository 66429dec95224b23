using FactorioIsr.Configuration;
using FactorioIsr.Hosting;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Configuration;

public sealed class TuningSettingsTests : IDisposable
{
    private const string Server = "servers:\n  main:\n    log_path: a.log\n";

    private readonly Configs _configs = new();

    public void Dispose() => _configs.Dispose();

    [Fact]
    public void Load_NoTuningSections_TakesTheDefaultsThePipelineUses()
    {
        var settings = _configs.LoadValid(Server).Settings;

        var options = RelaySettings.OptionsFrom(settings);

        Assert.Equal(TimeSpan.FromMilliseconds(250), options.Tail.PollInterval);
        Assert.False(options.Tail.PollOnly);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Tail.RotateWait);
        Assert.Equal(64 * 1024, options.Tail.MaxLineBytes);
        Assert.Equal(1_000_000, options.OutboxMaxRows);
        Assert.Equal(1024L * 1024 * 1024, options.OutboxMaxBytes);
    }

    [Fact]
    public void Load_TailingAndOutboxSections_ReachThePipelineOptions()
    {
        var settings = _configs.LoadValid("""
            tailing:
              poll_interval_ms: 1000
              poll_only: true
              rotate_wait_seconds: 30
              max_line_bytes: 4096
            outbox:
              max_events: 5000
              max_megabytes: 64
            """ + "\n" + Server).Settings;

        var options = RelaySettings.OptionsFrom(settings);

        Assert.Equal(TimeSpan.FromSeconds(1), options.Tail.PollInterval);
        Assert.True(options.Tail.PollOnly);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Tail.RotateWait);
        Assert.Equal(4096, options.Tail.MaxLineBytes);
        Assert.Equal(5000, options.OutboxMaxRows);
        Assert.Equal(64L * 1024 * 1024, options.OutboxMaxBytes);
    }

    [Fact]
    public void Load_TuningFromEnvironment_OverridesTheFile()
    {
        _configs.Environment["ISR_TAILING_POLL_ONLY"] = "true";
        _configs.Environment["ISR_OUTBOX_MAX_EVENTS"] = "20000";

        var settings = _configs.LoadValid("tailing:\n  poll_only: false\n" + Server).Settings;

        Assert.True(settings.Tailing.PollOnly);
        Assert.Equal(20000, settings.Outbox.MaxEvents);
    }

    [Fact]
    public void Load_BadTuningValues_ReportsEachWithItsLocation()
    {
        var result = _configs.Load("""
            tailing:
              poll_interval_ms: 1
              max_line_bytez: 10
            outbox:
              max_events: lots
            """ + "\n" + Server);

        Assert.Collection(
            result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).OrderBy(d => d.Line),
            d => Assert.Equal((2, "poll_interval_ms: 1 is out of range 10..60000"), (d.Line, d.Message)),
            d => Assert.Equal(3, d.Line),
            d => Assert.Equal((5, "max_events: expected an integer, found 'lots'"), (d.Line, d.Message)));
        Assert.Contains("max_line_bytes", result.Diagnostics.Single(d => d.Line == 3).Message, StringComparison.Ordinal);
    }
}
