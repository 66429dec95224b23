using FactorioIsr.Ingest;
using System.Text.Json;
using FactorioIsr.Delivery;
using FactorioIsr.Hosting;
using FactorioIsr.State;
using FactorioIsr.Tailing;
using FactorioIsr.Tests.Tailing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.Delivery;

/// <summary>
/// The durable pipeline in-process on real files: sources in a temp dir, SQLite state, a JSONL output (plus optional
/// extra outputs). <see cref="Start"/> / <see cref="StopAsync"/> (graceful) / <see cref="CrashAsync"/> (no drain)
/// can be repeated to test restarts.
/// </summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    private RelayPipeline? _pipeline;
    private SqliteStateStore? _store;
    private JsonlOutput? _jsonl;

    public PipelineHarness(TempDirectory dir, params string[] files)
    {
        Dir = dir;
        Sources = [.. files.Select(f => new TailSource("srv", Path.GetFileNameWithoutExtension(f), dir.File(f), TailStartAt.Beginning))];
        StatePath = dir.File("state/isr.db");
        JsonlPath = dir.File("out/events.jsonl");
    }

    public TempDirectory Dir { get; }

    public IReadOnlyList<TailSource> Sources { get; set; }

    public string StatePath { get; }

    public string JsonlPath { get; }

    public RelayOptions Options { get; set; } = new() { Tail = TailerHarness.FastOptions, ShutdownBudget = TimeSpan.FromSeconds(5) };

    public Func<IReadOnlyList<IDeliveryOutput>> ExtraOutputs { get; set; } = () => [];

    public TimeProvider Time { get; set; } = TimeProvider.System;

    public RelayPipeline Pipeline => _pipeline ?? throw new InvalidOperationException("not started");

    public SqliteStateStore Store => _store ?? throw new InvalidOperationException("not started");

    public void Start()
    {
        _store = SqliteStateStore.Open(StatePath, Time, NullLogger.Instance);
        _jsonl = new JsonlOutput(JsonlPath);
        _pipeline = new RelayPipeline(_store, Sources, LineEvents.Raw(Time), _ => [], [_jsonl, .. ExtraOutputs()], Options, Time, NullLoggerFactory.Instance);
        _pipeline.StartAsync(CancellationToken.None).GetAwaiter().GetResult(); // SQLite completes synchronously
    }

    public async Task StopAsync()
    {
        await Pipeline.StopAsync(TestContext.Current.CancellationToken);
        await DisposePartsAsync();
    }

    /// <summary>Stops without committing or delivering what is in flight (the closest in-process thing to kill -9).</summary>
    public Task CrashAsync() => DisposePartsAsync();

    public async Task RestartAsync()
    {
        await StopAsync();
        Start();
    }

    /// <summary>The raw text of every JSONL record, in file order.</summary>
    public IReadOnlyList<JsonlRecord> Records()
    {
        if (!File.Exists(JsonlPath))
        {
            return [];
        }

        using var stream = new FileStream(JsonlPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var records = new List<JsonlRecord>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            records.Add(new JsonlRecord(
                root.GetProperty("id").GetString()!,
                root.GetProperty("raw").GetString()!,
                root.TryGetProperty("partial", out var p) && p.GetString() == "true",
                root.TryGetProperty("truncated", out var t) && t.GetString() == "true"));
        }

        return records;
    }

    public IReadOnlyList<string> Raws() => [.. Records().Select(r => r.Raw)];

    public async Task<IReadOnlyList<JsonlRecord>> WaitForRecordsAsync(int count, int seconds = 30)
    {
        var until = Environment.TickCount64 + (seconds * 1000L);
        while (Records().Count < count && Environment.TickCount64 < until)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        var records = Records();
        Assert.True(records.Count >= count, $"expected {count} records, got {records.Count}: {string.Join(" | ", records.Take(50).Select(r => r.Raw))}");
        return records;
    }

    public async ValueTask DisposeAsync() => await DisposePartsAsync();

    private async Task DisposePartsAsync()
    {
        if (_pipeline is not null)
        {
            await _pipeline.DisposeAsync();
            _pipeline = null;
        }

        _jsonl?.Dispose();
        _jsonl = null;
        _store?.Dispose();
        _store = null;
    }
}

internal sealed record JsonlRecord(string Id, string Raw, bool Partial, bool Truncated);
