using FactorioIsr.Events;
using FactorioIsr.State;
using FactorioIsr.Tests.Tailing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.Events;

/// <summary>One JSON shape for JSONL and dead letters, one list of reserved names for them and isr parse.</summary>
public sealed class EventJsonTests
{
    private static FactorioEvent Sample() => new(
        "srv/console/1-2-3/40", "srv", LogSourceKind.Current, "chat", "Alice", "hi \"there\"",
        new Dictionary<string, string>(StringComparer.Ordinal) { ["tag"] = "x", ["server"] = "shadow", ["line"] = "shadow" },
        "chat", "chat", new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.FromHours(1)), "raw line", "💬 **Alice**: hi");

    [Fact]
    public void WriteThenParse_RoundTrips_AndReservedNamesNeverShadowTheEvent()
    {
        var e = Sample();
        var json = EventJson.ToJson(e);
        var parsed = EventJson.Parse(json);

        Assert.Contains("\"server\":\"srv\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("shadow", json, StringComparison.Ordinal);
        Assert.Equal(e with { Fields = parsed.Fields }, parsed);
        Assert.Equal(new Dictionary<string, string> { ["tag"] = "x" }, parsed.Fields);
    }

    [Fact]
    public void Parse_TheOlderDeadLetterShape_StillReads()
    {
        var e = Sample() with { Fields = new Dictionary<string, string>(StringComparer.Ordinal) { ["tag"] = "x" } };
        var old = System.Text.Json.JsonSerializer.Serialize(e, StateJson.Default.FactorioEvent);
        var parsed = EventJson.Parse(old);
        Assert.Equal(e with { Fields = parsed.Fields }, parsed);
        Assert.Equal(e.Fields, parsed.Fields);
    }

    [Fact]
    public async Task DeadLetters_AreStoredInTheEventShape()
    {
        using var dir = new TempDirectory();
        using var store = SqliteStateStore.Open(dir.File("isr.db"), TimeProvider.System, NullLogger.Instance);
        IStateStore contract = store;
        var batch = new OutboxBatch();
        batch.Add("d", Sample());
        await contract.CommitIngestAsync(batch, [], TestContext.Current.CancellationToken);
        var entry = Assert.Single(await contract.ReadPendingAsync("d", 0, 10, long.MaxValue, TestContext.Current.CancellationToken));
        await contract.DeadLetterAsync("d", entry.Sequence, entry.Sequence, "400", TestContext.Current.CancellationToken);

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={dir.File("isr.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT event FROM dead_letters";
        Assert.Equal(EventJson.ToJson(Sample()), (string)command.ExecuteScalar()!);
        Assert.Equal("srv", Assert.Single(await contract.LoadDeadLettersAsync(10, TestContext.Current.CancellationToken)).Event.Server);
    }
}
