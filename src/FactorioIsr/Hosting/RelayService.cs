using FactorioIsr.Configuration;
using FactorioIsr.Delivery;
using FactorioIsr.State;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Hosting;

/// <summary>
/// The relay as a hosted service: opens the state store, builds the pipeline (one <see cref="ServerRuntime"/> per
/// enabled server) with the console/JSONL outputs, and on stop lets it commit and deliver what is in flight.
/// </summary>
internal sealed partial class RelayService(
    RelaySettings settings,
    TextWriter stdout,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILoggerFactory hostLoggers) : IHostedService, IAsyncDisposable
{
    /// <summary>Every logger of the relay prints a setting that came from <c>${NAME}</c> as <c>${NAME}</c>.</summary>
    private readonly RedactingLoggerFactory _loggers = new(hostLoggers, settings.Configuration.Secrets);
    private readonly ILogger _logger = new RedactingLoggerFactory(hostLoggers, settings.Configuration.Secrets).CreateLogger<RelayService>();
    private readonly List<IDeliveryOutput> _outputs = [];
    private FactorioIsr.Delivery.Discord.DiscordDelivery? _discord;
    private SqliteStateStore? _store;
    private RelayPipeline? _pipeline;

    /// <summary>0, or 1 when the relay could not start (the state store cannot be opened).</summary>
    public int ExitCode { get; private set; }

    public RelayPipeline? Pipeline => _pipeline;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _store = SqliteStateStore.Open(settings.StatePath, time, _loggers.CreateLogger<SqliteStateStore>());
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            CannotOpenState(_logger, settings.StatePath, e.Message);
            ExitCode = 1;
            lifetime.StopApplication();
            return Task.CompletedTask;
        }

        if (settings.Console)
        {
            _outputs.Add(new ConsoleOutput(stdout));
        }

        if (settings.JsonlPath is { } jsonl)
        {
            _outputs.Add(new JsonlOutput(jsonl));
        }

        AddDiscordOutputs();
        var sources = settings.Sources();
        _pipeline = new RelayPipeline(
            _store,
            sources,
            PatternLineParser.Create(settings.Patterns, time),
            RelayRouter.Create(settings.Configuration),
            _outputs,
            settings.Options,
            time,
            _loggers);
        _pipeline.Start();
        Started(_logger, _pipeline.Servers.Count, sources.Count, _store.Location, string.Join(", ", _outputs.Select(o => o.Destination)));
        if (_outputs.Count == 0)
        {
            NoOutputs(_logger);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_pipeline is not null)
        {
            await _pipeline.StopAsync(cancellationToken).ConfigureAwait(false);
            Stopped(_logger, _pipeline.Outbox.Rows);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_pipeline is not null)
        {
            await _pipeline.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var output in _outputs.OfType<IDisposable>())
        {
            output.Dispose();
        }

        _discord?.Dispose();

        _store?.Dispose();
    }

    /// <summary>Bot channels (with a token) and webhooks of every route, keyed as <see cref="RelayRouter"/> keys rows.</summary>
    private void AddDiscordOutputs()
    {
        var discord = settings.Configuration.Settings.Discord;
        var mentions = FactorioIsr.Delivery.Discord.DiscordDelivery.LoadMentions(discord.MentionsPath, out var errors);
        foreach (var error in errors)
        {
            MentionsError(_logger, error);
        }

        var looks = FactorioIsr.Delivery.Discord.DiscordLooks.From(settings.Configuration, settings.Patterns);
        _discord = new FactorioIsr.Delivery.Discord.DiscordDelivery(discord, mentions, looks, discord.WebhookAvatarTemplate, time, _loggers);
        _outputs.AddRange(_discord.CreateOutputs(settings.Configuration));
    }

    [LoggerMessage(3204, LogLevel.Error, "mentions.yml: {Error} (that entry is ignored; nothing pings because of it)")]
    private static partial void MentionsError(ILogger logger, string error);

    [LoggerMessage(3200, LogLevel.Critical, "cannot open the state database {Path}: {Reason}")]
    private static partial void CannotOpenState(ILogger logger, string path, string reason);

    [LoggerMessage(3201, LogLevel.Information, "relaying {Servers} server(s), {Files} log file(s); state in {State}; outputs: {Outputs}")]
    private static partial void Started(ILogger logger, int servers, int files, string state, string outputs);

    [LoggerMessage(3202, LogLevel.Warning, "no output is configured (--console, --jsonl or outputs: in servers.yml): events are only queued in the outbox")]
    private static partial void NoOutputs(ILogger logger);

    [LoggerMessage(3203, LogLevel.Information, "stopped; {Rows} event(s) left in the outbox for the next start")]
    private static partial void Stopped(ILogger logger, long rows);
}
